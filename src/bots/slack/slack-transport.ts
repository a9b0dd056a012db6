import type { WebClient } from '@slack/web-api';
import type { OutboxMessage } from '../../core/outbox/outbox-message.js';
import {
  type DeliveryContext,
  DeliveryError,
  type DeliveryResult,
  type OutboxTransport,
} from '../../core/outbox/outbox-transport.js';
import type { CardLocation, CardStore } from '../../core/ports.js';
import type { Specialty } from '../../core/taxonomy.js';

/** A ticket's card as Slack should show it now. */
export interface RenderedCard {
  /** Where a new card goes when the renderer decides (otherwise `channelFor(department)`). */
  channel?: string;
  text: string;
  blocks: object[];
}

/** Options for {@link SlackTransport}. */
export interface SlackTransportOptions {
  /**
   * `new WebClient(token, { slackApiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 10_000 })`,
   * so that the outbox, not the client, retries.
   */
  client: WebClient;
  cards: CardStore;
  /** The card of `ticketId` rendered at send time, for a new post (`'new'`) or an update of `card`; undefined skips. */
  renderCard(ticketId: string, card: 'new' | CardLocation): Promise<RenderedCard | undefined>;
  /** The department's channel id. */
  channelFor(department: Specialty): string;
  /** Telegram file bytes, for `slack.thread` messages with a file; without it only the text is posted. */
  downloadFile?(fileId: string): Promise<Buffer>;
  /** How far before the first attempt an uncertain attempt looks for its post. Default 60 s. */
  lookbackMs?: number;
}

/** Metadata event type that marks the outbox's posts, so an uncertain attempt can find them. */
export const OUTBOX_EVENT_TYPE = 'concierge_outbox';

/** Platform errors worth retrying (the rest are about the request and will not change). */
const RETRYABLE_PLATFORM_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

type Json = Record<string, unknown>;
type Post = { channel: string; text: string; blocks?: unknown[]; thread_ts?: string };
type HistoryMessage = {
  ts?: string;
  thread_ts?: string;
  metadata?: { event_type?: string; event_payload?: Json };
  files?: { name?: string; title?: string }[];
};

/** Progress of a `slack.thread` post with a file: the text is posted, the file may be. */
interface ThreadProgress {
  posted?: { channel: string; ts: string };
}

/**
 * Delivers Slack outbox messages with @slack/web-api. Every post carries `metadata.event_payload.key`; an uncertain
 * attempt first looks for a post with its key (conversations.history / conversations.replies) and counts it as
 * delivered, so a crash or a timeout mid-call posts nothing twice.
 */
export class SlackTransport implements OutboxTransport {
  private readonly lookbackMs: number;

  constructor(private readonly options: SlackTransportOptions) {
    this.lookbackMs = options.lookbackMs ?? 60_000;
  }

  async deliver(message: OutboxMessage, context: DeliveryContext): Promise<DeliveryResult> {
    switch (message.kind) {
      case 'slack.card':
        return this.postCard(message, context);
      case 'slack.card-update':
        return this.updateCards(message.ticketId);
      case 'slack.thread':
        return this.postInThread(message, context);
      case 'slack.message':
        return this.postMessage(message, context);
      case 'telegram.message':
        throw new DeliveryError({
          platform: 'slack',
          method: 'deliver',
          description: `cannot deliver ${message.kind}`,
          retryable: false,
        });
    }
  }

  private async postCard(
    message: Extract<OutboxMessage, { kind: 'slack.card' }>,
    context: DeliveryContext,
  ): Promise<DeliveryResult> {
    const rendered = await this.options.renderCard(message.ticketId, 'new');
    const channel = rendered?.channel ?? this.options.channelFor(message.department);
    const record = async (ts: string): Promise<void> => {
      await this.options.cards.record({
        ticketId: message.ticketId,
        department: message.department,
        channel,
        ts,
        postedAt: tsToDate(ts),
      });
    };
    if (context.uncertain) {
      const found = await this.findPost(message.key, channel, undefined, context);
      if (found) {
        await this.recordOrRetry(record, found, channel);
        return { platform: 'slack', channel, ts: found, found: true };
      }
    }
    if (!rendered) {
      throw new DeliveryError({
        platform: 'slack',
        method: 'renderCard',
        code: 'not_rendered',
        description: `ticket ${message.ticketId} has nothing to show`,
        retryable: false,
      });
    }
    const ts = await this.post(
      message.key,
      { channel, text: rendered.text, blocks: rendered.blocks },
      context,
    );
    await this.recordOrRetry(record, ts, channel);
    return { platform: 'slack', channel, ts };
  }

  /** A card posted but not recorded is found again by the next (uncertain) attempt and recorded then. */
  private async recordOrRetry(
    record: (ts: string) => Promise<void>,
    ts: string,
    channel: string,
  ): Promise<void> {
    try {
      await record(ts);
    } catch (error) {
      throw new DeliveryError({
        platform: 'slack',
        method: 'cards.record',
        description: `card posted but not recorded: ${(error as Error).message}`,
        retryable: true,
        ambiguous: true,
        payload: { channel, ts },
        cause: error,
      });
    }
  }

  private async updateCards(ticketId: string): Promise<DeliveryResult> {
    const updated: { channel: string; ts: string }[] = [];
    for (const card of await this.options.cards.all(ticketId)) {
      const rendered = await this.options.renderCard(ticketId, card);
      if (!rendered) continue;
      await this.call('chat.update', { channel: card.channel, ts: card.ts }, () =>
        this.options.client.chat.update({
          channel: card.channel,
          ts: card.ts,
          text: rendered.text,
          blocks: rendered.blocks as never,
        }),
      );
      updated.push({ channel: card.channel, ts: card.ts });
    }
    return { platform: 'slack', updated };
  }

  private async postInThread(
    message: Extract<OutboxMessage, { kind: 'slack.thread' }>,
    context: DeliveryContext,
  ): Promise<DeliveryResult> {
    const card = await this.options.cards.current(message.ticketId);
    if (!card) {
      throw new DeliveryError({
        platform: 'slack',
        method: 'chat.postMessage',
        code: 'card_not_ready',
        description: `ticket ${message.ticketId} has no card yet`,
        retryable: true,
      });
    }
    const progress = (context.progress as ThreadProgress | undefined) ?? {};
    let ts = progress.posted?.ts;
    if (!ts && context.uncertain) ts = await this.findPost(message.key, card.channel, card.ts, context);
    if (!ts) {
      ts = await this.post(
        message.key,
        {
          channel: card.channel,
          thread_ts: card.ts,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
        },
        context,
      );
    }
    if (message.file && this.options.downloadFile) {
      const posted = { channel: card.channel, ts };
      if (!progress.posted) await context.saveProgress?.({ posted } satisfies ThreadProgress);
      await this.uploadFile(message.file, card, ts, context);
    }
    return { platform: 'slack', channel: card.channel, ts };
  }

  private async uploadFile(
    file: NonNullable<Extract<OutboxMessage, { kind: 'slack.thread' }>['file']>,
    card: CardLocation,
    after: string,
    context: DeliveryContext,
  ): Promise<void> {
    if (context.uncertain) {
      const replies = await this.replies(card.channel, card.ts, after);
      const uploaded = replies.some(
        (m) =>
          Number(m.ts) > Number(after) &&
          m.files?.some((f) => f.title === file.title || f.name === file.fileName),
      );
      if (uploaded) return;
    }
    const bytes = await this.options.downloadFile!(file.fileId).catch((error: unknown) => {
      throw new DeliveryError({
        platform: 'slack',
        method: 'downloadFile',
        description: `could not fetch the owner's file: ${(error as Error).message}`,
        retryable: true,
        payload: { fileName: file.fileName },
        cause: error,
      });
    });
    await context.throttle?.({ scope: 'slack-channel', id: card.channel }, { scope: 'slack-workspace' });
    await this.call(
      'files.uploadV2',
      { channel: card.channel, thread_ts: card.ts, fileName: file.fileName },
      () =>
        this.options.client.filesUploadV2({
          channel_id: card.channel,
          thread_ts: card.ts,
          file: bytes,
          filename: file.fileName,
          title: file.title,
        }),
    );
  }

  private async postMessage(
    message: Extract<OutboxMessage, { kind: 'slack.message' }>,
    context: DeliveryContext,
  ): Promise<DeliveryResult> {
    const channel = await this.resolveChannel(message.channel);
    const found = context.uncertain
      ? await this.findPost(message.key, channel, undefined, context)
      : undefined;
    if (found) return { platform: 'slack', channel, ts: found, found: true };
    const ts = await this.post(
      message.key,
      { channel, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) },
      context,
    );
    return { platform: 'slack', channel, ts };
  }

  /** A user id (`U…`/`W…`) means a direct message: its channel comes from conversations.open. */
  private async resolveChannel(channel: string): Promise<string> {
    if (!/^[UW][A-Z0-9]+$/.test(channel)) return channel;
    const opened = await this.call('conversations.open', { users: channel }, () =>
      this.options.client.conversations.open({ users: channel }),
    );
    const id = (opened.channel as { id?: string } | undefined)?.id;
    if (!id) {
      throw new DeliveryError({
        platform: 'slack',
        method: 'conversations.open',
        description: 'no channel in the answer',
        retryable: true,
      });
    }
    return id;
  }

  private async post(key: string, post: Post, context: DeliveryContext): Promise<string> {
    await context.throttle?.({ scope: 'slack-channel', id: post.channel }, { scope: 'slack-workspace' });
    const result = await this.call(
      'chat.postMessage',
      {
        channel: post.channel,
        ...(post.thread_ts ? { thread_ts: post.thread_ts } : {}),
        textLength: post.text.length,
      },
      () =>
        this.options.client.chat.postMessage({
          channel: post.channel,
          text: post.text,
          ...(post.blocks ? { blocks: post.blocks as never } : {}),
          ...(post.thread_ts ? { thread_ts: post.thread_ts } : {}),
          metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { key } },
        }),
    );
    const ts = result.ts as string | undefined;
    if (!ts) {
      throw new DeliveryError({
        platform: 'slack',
        method: 'chat.postMessage',
        description: 'no ts in the answer',
        retryable: true,
        ambiguous: true,
        payload: { channel: post.channel },
      });
    }
    return ts;
  }

  /** The ts of an earlier post carrying `key`: top level in `channel`, or in the thread under `threadTs`. */
  private async findPost(
    key: string,
    channel: string,
    threadTs: string | undefined,
    context: DeliveryContext,
  ): Promise<string | undefined> {
    const since = (context.firstAttemptAt?.getTime() ?? Date.now()) - this.lookbackMs;
    const oldest = (since / 1000).toFixed(6);
    const messages = threadTs
      ? await this.replies(channel, threadTs, oldest)
      : await this.history(channel, oldest);
    const match = messages.find(
      (m) => m.metadata?.event_type === OUTBOX_EVENT_TYPE && m.metadata.event_payload?.key === key,
    );
    return match?.ts;
  }

  private async history(channel: string, oldest: string): Promise<HistoryMessage[]> {
    const found: HistoryMessage[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await this.call('conversations.history', { channel }, () =>
        this.options.client.conversations.history({
          channel,
          oldest,
          limit: 200,
          include_all_metadata: true,
          ...(cursor ? { cursor } : {}),
        }),
      );
      found.push(...((result.messages as HistoryMessage[] | undefined) ?? []));
      cursor = (result.response_metadata as { next_cursor?: string } | undefined)?.next_cursor || undefined;
      if (!cursor || result.has_more !== true) break;
    }
    return found;
  }

  private async replies(channel: string, ts: string, oldest: string): Promise<HistoryMessage[]> {
    const found: HistoryMessage[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await this.call('conversations.replies', { channel, ts }, () =>
        this.options.client.conversations.replies({
          channel,
          ts,
          oldest,
          limit: 200,
          include_all_metadata: true,
          ...(cursor ? { cursor } : {}),
        }),
      );
      found.push(...((result.messages as HistoryMessage[] | undefined) ?? []).filter((m) => m.ts !== ts));
      cursor = (result.response_metadata as { next_cursor?: string } | undefined)?.next_cursor || undefined;
      if (!cursor || result.has_more !== true) break;
    }
    return found;
  }

  /** Runs one Web API call, turning what web-api throws into a {@link DeliveryError}. */
  private async call<T>(method: string, payload: Json, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toDeliveryError(error, method, payload);
    }
  }
}

/** Slack's `ts` (`1733230000.000100`) as a date. */
const tsToDate = (ts: string): Date => new Date(Math.floor(Number(ts) * 1000));

/** What @slack/web-api throws, as a {@link DeliveryError}; codes as in web-api's `ErrorCode`. */
function toDeliveryError(error: unknown, method: string, payload: Json): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = error as {
    code?: string;
    message?: string;
    retryAfter?: number;
    statusCode?: number;
    statusMessage?: string;
    data?: { error?: string };
    original?: { name?: string; code?: string; message?: string };
  };
  const base = { platform: 'slack' as const, method, payload, cause: error };
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return new DeliveryError({
        ...base,
        status: 429,
        code: 'ratelimited',
        description: `rate limited; retry after ${e.retryAfter} s`,
        retryable: true,
        ...(typeof e.retryAfter === 'number' ? { retryAfterMs: e.retryAfter * 1000 } : {}),
        rateLimited: { scope: 'slack-workspace' },
      });
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown_error';
      return new DeliveryError({
        ...base,
        status: 200,
        code,
        description: code,
        retryable: RETRYABLE_PLATFORM_ERRORS.has(code),
        ambiguous: code !== 'ratelimited' && RETRYABLE_PLATFORM_ERRORS.has(code),
      });
    }
    case 'slack_webapi_http_error':
      return new DeliveryError({
        ...base,
        ...(e.statusCode !== undefined ? { status: e.statusCode } : {}),
        code: e.statusCode ?? 'http_error',
        description: `HTTP ${e.statusCode} ${e.statusMessage ?? ''}`.trim(),
        retryable: true,
        ambiguous: true,
      });
    case 'slack_webapi_request_error':
      return new DeliveryError({
        ...base,
        code: e.original?.code ?? e.original?.name ?? 'request_error',
        description: e.original?.message ?? e.message ?? 'request failed',
        retryable: true,
        ambiguous: e.original?.code !== 'ECONNREFUSED',
      });
    default:
      return new DeliveryError({
        ...base,
        code: e.code ?? 'error',
        description: e.message ?? String(error),
        retryable: true,
        ambiguous: true,
      });
  }
}
