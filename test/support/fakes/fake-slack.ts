import { randomBytes, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type DownMode,
  FakeHttpServer,
  type FaultFilter,
  FaultPlan,
  Journal,
  parseParams,
  readBody,
  sendJson,
  sendText,
  TokenBucket,
  truncate,
  tryJson,
  UploadedFile,
  type WaitOptions,
} from './http-kit.js';
import { decodeJsonParam, SlackApiError, validateBlocks, validateView } from './slack-validation.js';

type Json = Record<string, unknown>;

/** Options for {@link FakeSlack.start}. */
export interface FakeSlackOptions {
  /** The bot token clients must send (`Authorization: Bearer` or `token` param). */
  botToken: string;
  teamId?: string;
  teamName?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  /** Answer 429 when chat.postMessage exceeds ~1/s per channel (burst 3). */
  enforceRateLimits?: boolean;
  /** How long a minted trigger_id stays valid (Slack: 3 s). */
  triggerTtlMs?: number;
}

/** One Web API call the fake received. */
export interface SlackCall {
  method: string;
  /** Parsed params with blocks/view/attachments JSON-decoded; the token is left out. */
  params: Json;
  at: number;
  /** HTTP status the fake answered with (200 unless a fault was injected). */
  status: number;
  response: Json;
}

/** A message in the fake workspace, reflecting later updates, reactions and deletion. */
export interface SlackMessage {
  type: 'message';
  channel: string;
  ts: string;
  text: string;
  user: string;
  bot_id?: string;
  app_id?: string;
  team: string;
  blocks?: Json[];
  attachments?: Json[];
  thread_ts?: string;
  parent_user_id?: string;
  reply_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  subtype?: string;
  edited?: { user: string; ts: string };
  reactions?: { name: string; users: string[]; count: number }[];
  metadata?: Json;
  files?: Json[];
  deleted?: boolean;
  /** How the message got here. */
  via: 'chat.postMessage' | 'human' | 'response_url' | 'files.completeUploadExternal';
}

/** An ephemeral message (chat.postEphemeral or an ephemeral response_url reply). */
export interface SlackEphemeral {
  channel: string;
  user?: string;
  text: string;
  blocks?: Json[];
  thread_ts?: string;
  message_ts: string;
  via: 'chat.postEphemeral' | 'response_url';
}

/** A POST to a minted response_url (Bolt's `respond()`). */
export interface ResponseUrlPost {
  id: string;
  body: Json;
  at: number;
  status: number;
  /** Channel/message the URL was minted for. */
  context: ResponseUrlContext;
}

/** What a response_url or trigger_id belongs to. */
export interface ResponseUrlContext {
  channel?: string;
  messageTs?: string;
  user?: string;
}

/** A registered workspace user (users.info). */
export interface SlackUserInput {
  id: string;
  name: string;
  real_name?: string;
  tz?: string;
  email?: string;
  is_bot?: boolean;
  is_admin?: boolean;
  deleted?: boolean;
}

/** A scheduled failure for {@link FakeSlack.failNext} / {@link FakeSlack.failFor}. */
export type SlackFault =
  | { status: 429; retryAfter?: number }
  | { status: number; body?: string }
  | { okFalse: string; extra?: Json }
  | { network: 'reset' };

/** A 429 the fake's own rate limiter produced. */
export interface SlackRateLimitViolation {
  method: string;
  channel: string;
  at: number;
  retryAfter: number;
}

interface ChannelState {
  id: string;
  name: string;
  isPrivate: boolean;
  isMember: boolean;
  isArchived: boolean;
  isIm: boolean;
  user?: string;
  created: number;
}

interface ViewEntry {
  view: Json;
  rootId: string;
  user?: string;
}

type Handler = (p: Json) => Json;

const JSON_PARAMS = ['blocks', 'attachments', 'view', 'files', 'metadata', 'unfurls'];

const HTML_ERRORS: Record<number, string> = {
  500: '<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>',
  502: '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>',
  503: '<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>Slack is temporarily unavailable.</p></body></html>',
  504: '<html><head><title>504 Gateway Timeout</title></head><body><h1>Gateway Timeout</h1></body></html>',
};

const slackId = (prefix: string): string =>
  `${prefix}${randomBytes(8)
    .toString('hex')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 10)}`;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

const truthy = (value: unknown): boolean =>
  value === true || value === 'true' || value === '1' || value === 1;

/**
 * A fake Slack Web API on 127.0.0.1 for @slack/web-api / Bolt (`slackApiUrl: fake.apiUrl`): Slack's ok/error bodies,
 * channels, threads, modals, users, response_urls, uploads, faults and recording.
 */
export class FakeSlack {
  readonly teamId: string;
  readonly teamName: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  /** Every stored message, in posting order (updates are applied in place). */
  readonly messages: SlackMessage[] = [];
  readonly ephemerals: SlackEphemeral[] = [];
  readonly rateLimitViolations: SlackRateLimitViolation[] = [];
  /** Files uploaded through the external upload flow, by file id. */
  readonly uploads = new Map<string, { filename: string; length: number; bytes?: Buffer; title?: string }>();
  private readonly journal = new Journal<SlackCall>(describeCall, 'Slack calls');
  private readonly responseJournal = new Journal<ResponseUrlPost>(
    (p) => `${p.id} ${p.status} ${truncate(JSON.stringify(p.body))}`,
    'response_url posts',
  );
  private readonly faults = new FaultPlan<SlackFault>();
  private readonly handlers: Map<string, Handler>;
  private readonly channels = new Map<string, ChannelState>();
  private readonly users = new Map<string, Json>();
  private readonly views = new Map<string, ViewEntry>();
  private readonly viewStacks = new Map<string, string[]>();
  private readonly triggers = new Map<
    string,
    { mintedAt: number; used: boolean; context: { viewId?: string } }
  >();
  private readonly responseUrls = new Map<
    string,
    { mintedAt: number; uses: number; context: ResponseUrlContext }
  >();
  private readonly channelBuckets = new Map<string, TokenBucket>();
  private lastTsSec = 0;
  private tsMicro = 0;

  private constructor(
    private readonly server: FakeHttpServer,
    private readonly options: FakeSlackOptions,
  ) {
    this.teamId = options.teamId ?? 'T0FAKETEAM';
    this.teamName = options.teamName ?? 'Fake Property Co';
    this.botUserId = options.botUserId ?? 'U0FAKEBOT';
    this.botId = options.botId ?? 'B0FAKEBOT';
    this.appId = options.appId ?? 'A0FAKEAPP';
    this.handlers = this.buildHandlers();
  }

  /** Starts the fake on 127.0.0.1 with an ephemeral port. */
  static async start(options: FakeSlackOptions): Promise<FakeSlack> {
    let fake: FakeSlack | undefined;
    const server = await FakeHttpServer.start(
      (req, res) => fake!.handle(req, res),
      (res) => sendText(res, 502, HTML_ERRORS[502]!),
    );
    fake = new FakeSlack(server, options);
    return fake;
  }

  /** For web-api's `slackApiUrl` (ends with `/api/`). */
  get apiUrl(): string {
    return `${this.server.baseUrl}/api/`;
  }

  get baseUrl(): string {
    return this.server.baseUrl;
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  // ---- workspace setup ----

  /** Registers a channel the bot can post to (a member by default). */
  addChannel(id: string, name: string, options: { isPrivate?: boolean; isMember?: boolean } = {}): void {
    this.channels.set(id, {
      id,
      name,
      isPrivate: options.isPrivate ?? id.startsWith('G'),
      isMember: options.isMember ?? true,
      isArchived: false,
      isIm: false,
      created: Math.floor(Date.now() / 1000),
    });
  }

  /** Posting to the channel now answers `not_in_channel` (or works again with `true`). */
  setMember(channelId: string, isMember: boolean): void {
    this.channel(channelId).isMember = isMember;
  }

  archiveChannel(channelId: string): void {
    this.channel(channelId).isArchived = true;
  }

  addUser(input: SlackUserInput): Json {
    const tz = input.tz ?? 'Asia/Singapore';
    const user: Json = {
      id: input.id,
      team_id: this.teamId,
      name: input.name,
      deleted: input.deleted ?? false,
      real_name: input.real_name ?? input.name,
      tz,
      tz_label: tz,
      tz_offset: tzOffsetSeconds(tz),
      is_admin: input.is_admin ?? false,
      is_owner: false,
      is_bot: input.is_bot ?? false,
      is_app_user: false,
      updated: Math.floor(Date.now() / 1000),
      profile: {
        real_name: input.real_name ?? input.name,
        display_name: input.name,
        email: input.email,
        image_48: `https://fake.slack.com/avatars/${input.id}_48.png`,
        team: this.teamId,
      },
    };
    this.users.set(input.id, user);
    return user;
  }

  /** Stores a message a human posted (so threads and events reference a real ts). */
  simulateUserMessage(input: {
    channel: string;
    user: string;
    text: string;
    thread_ts?: string;
  }): SlackMessage {
    const channel = this.resolveChannel(input.channel);
    return this.storeMessage({
      channel: channel.id,
      text: input.text,
      user: input.user,
      via: 'human',
      ...(input.thread_ts ? { thread_ts: input.thread_ts } : {}),
    });
  }

  /** A trigger_id views.open/push accept once, within `triggerTtlMs`. */
  mintTriggerId(context: { viewId?: string } = {}): string {
    const id = `${randomInt(1_000_000_000, 9_999_999_999)}.${randomInt(1_000_000_000, 9_999_999_999)}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { mintedAt: Date.now(), used: false, context });
    return id;
  }

  /** A response_url served by this fake; posts to it are recorded and applied to `context.messageTs`. */
  mintResponseUrl(context: ResponseUrlContext = {}): string {
    const id = `${this.teamId}/${randomInt(1_000_000_000, 9_999_999_999)}/${randomBytes(12).toString('hex')}`;
    this.responseUrls.set(id, { mintedAt: Date.now(), uses: 0, context });
    return `${this.baseUrl}/response/${id}`;
  }

  view(viewId: string): Json | undefined {
    const entry = this.views.get(viewId);
    return entry ? structuredClone(entry.view) : undefined;
  }

  // ---- recording ----

  get calls(): readonly SlackCall[] {
    return this.journal.entries;
  }

  get responses(): readonly ResponseUrlPost[] {
    return this.responseJournal.entries;
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages the bot posted with chat.postMessage (current state), optionally in one channel. */
  posts(channel?: string): SlackMessage[] {
    const id = channel === undefined ? undefined : (this.tryResolveChannel(channel)?.id ?? channel);
    return this.messages.filter(
      (m) => m.via === 'chat.postMessage' && (id === undefined || m.channel === id),
    );
  }

  /** Replies in the thread under `ts` (the parent excluded), oldest first. */
  threadOf(channel: string, ts: string): SlackMessage[] {
    const id = this.tryResolveChannel(channel)?.id ?? channel;
    return this.messages.filter((m) => m.channel === id && m.thread_ts === ts && m.ts !== ts && !m.deleted);
  }

  message(channel: string, ts: string): SlackMessage | undefined {
    const id = this.tryResolveChannel(channel)?.id ?? channel;
    return this.messages.find((m) => m.channel === id && m.ts === ts);
  }

  waitFor(predicate: (call: SlackCall) => boolean, options?: WaitOptions): Promise<SlackCall> {
    return this.journal.waitFor(predicate, options);
  }

  waitForCall(
    method: string,
    predicate: (call: SlackCall) => boolean = () => true,
    options: WaitOptions = {},
  ): Promise<SlackCall> {
    return this.journal.waitFor((c) => c.method === method && predicate(c), {
      description: `a ${method} call`,
      ...options,
    });
  }

  /** Waits for a successful chat.postMessage to `channel` whose text (or block text) matches. */
  async waitForPost(
    channel: string,
    text?: string | RegExp,
    options: WaitOptions = {},
  ): Promise<SlackMessage> {
    const id = this.tryResolveChannel(channel)?.id ?? channel;
    const call = await this.journal.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.response.ok === true &&
        c.response.channel === id &&
        matchesText(c.response.message as Json, text),
      {
        description: `a chat.postMessage to ${channel}${text === undefined ? '' : ` matching ${String(text)}`}`,
        ...options,
      },
    );
    return this.message(id, String(call.response.ts))!;
  }

  waitForResponse(
    predicate: (post: ResponseUrlPost) => boolean = () => true,
    options: WaitOptions = {},
  ): Promise<ResponseUrlPost> {
    return this.responseJournal.waitFor(predicate, { description: 'a response_url post', ...options });
  }

  clearCalls(): void {
    this.journal.clear();
    this.responseJournal.clear();
  }

  // ---- faults ----

  /**
   * Fails the next `times` calls of `method` (`'*'` for any, `'response_url'` for response URLs); with `where`, only
   * the calls whose parameters pass it (`(p) => p.channel === 'C1'`).
   */
  failNext(method: string, fault: SlackFault, times = 1, where?: FaultFilter): void {
    this.faults.add(method, fault, { times, where });
  }

  failFor(method: string, ms: number, fault: SlackFault): void {
    this.faults.add(method, fault, { forMs: ms });
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Makes the whole API unavailable: 502 HTML to everything (default), reset sockets, or refused connections. */
  goDown(mode: DownMode = 'http-502'): Promise<void> {
    return this.server.goDown(mode);
  }

  goUp(): Promise<void> {
    return this.server.goUp();
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const raw = await readBody(req);
    const contentType = req.headers['content-type'];
    const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    if (api) {
      await this.handleApi(req, res, api[1]!, url, raw);
      return;
    }
    const response = /^\/response\/(.+)$/.exec(url.pathname);
    if (response) {
      await this.handleResponseUrl(req, res, decodeURIComponent(response[1]!), raw, contentType);
      return;
    }
    const upload = /^\/upload\/([A-Z0-9]+)$/.exec(url.pathname);
    if (upload && req.method === 'POST') {
      await this.handleUpload(res, upload[1]!, raw, contentType);
      return;
    }
    sendText(res, 404, '<html><body><h1>404 Not Found</h1></body></html>');
  }

  private async handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    url: URL,
    raw: Buffer,
  ): Promise<void> {
    const at = Date.now();
    let params: Json;
    try {
      params = {
        ...Object.fromEntries(url.searchParams),
        ...(await parseParams(raw, req.headers['content-type'])),
      };
    } catch {
      params = {};
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? str(params.token);
    delete params.token;
    const recorded: Json = { ...params };
    for (const key of JSON_PARAMS)
      if (typeof recorded[key] === 'string') recorded[key] = tryJson(recorded[key]);

    const finish = (
      status: number,
      body: Json,
      headers: Record<string, string> = {},
      html?: string,
    ): void => {
      if (html !== undefined) sendText(res, status, html, 'text/html; charset=utf-8', headers);
      else sendJson(res, status, body, headers);
      this.journal.push({ method, params: recorded, at, status, response: body });
    };

    const handler = this.handlers.get(method);
    if (!handler) return finish(200, { ok: false, error: 'unknown_method', req_method: method });
    if (!token) return finish(200, { ok: false, error: 'not_authed' });
    if (token !== this.options.botToken) return finish(200, { ok: false, error: 'invalid_auth' });

    const fault = this.faults.take(method, recorded);
    if (fault) {
      if ('network' in fault) {
        req.socket.destroy();
        this.journal.push({ method, params: recorded, at, status: 0, response: { network: 'reset' } });
        return;
      }
      if ('okFalse' in fault) return finish(200, { ok: false, error: fault.okFalse, ...fault.extra });
      if (fault.status === 429) {
        const retryAfter = String(('retryAfter' in fault ? fault.retryAfter : undefined) ?? 1);
        return finish(429, { ok: false, error: 'ratelimited' }, { 'retry-after': retryAfter });
      }
      const html =
        ('body' in fault ? fault.body : undefined) ??
        HTML_ERRORS[fault.status] ??
        `<html><body>${fault.status}</body></html>`;
      return finish(fault.status, { html }, {}, html);
    }

    try {
      const limited = this.checkRateLimit(method, params);
      if (limited)
        return finish(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limited) });
      const result = handler(params);
      return finish(200, { ok: true, ...result });
    } catch (error) {
      if (error instanceof SlackApiError)
        return finish(200, { ok: false, error: error.error, ...error.extra });
      throw error;
    }
  }

  private checkRateLimit(method: string, params: Json): number {
    if (!this.options.enforceRateLimits || method !== 'chat.postMessage') return 0;
    const channel = this.tryResolveChannel(str(params.channel) ?? '')?.id ?? String(params.channel);
    let bucket = this.channelBuckets.get(channel);
    if (!bucket) {
      bucket = new TokenBucket(3, 1);
      this.channelBuckets.set(channel, bucket);
    }
    const waitMs = bucket.take();
    if (waitMs === 0) return 0;
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    this.rateLimitViolations.push({ method, channel, at: Date.now(), retryAfter });
    return retryAfter;
  }

  private async handleResponseUrl(
    req: IncomingMessage,
    res: ServerResponse,
    id: string,
    raw: Buffer,
    contentType: string | undefined,
  ): Promise<void> {
    const at = Date.now();
    let body: Json = {};
    try {
      const isForm = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(contentType ?? '');
      const parsed = await parseParams(raw, isForm ? contentType : 'application/json', ['payload']);
      body = (
        typeof parsed.payload === 'object' && parsed.payload !== null ? parsed.payload : parsed
      ) as Json;
    } catch {
      body = { unparseable: raw.toString('utf8') };
    }
    const entry = this.responseUrls.get(id);
    const finish = (status: number, response: Json): void => {
      sendJson(res, status, response);
      this.responseJournal.push({ id, body, at, status, context: entry?.context ?? {} });
    };
    const fault = this.faults.take('response_url');
    if (fault) {
      if ('network' in fault) {
        req.socket.destroy();
        return;
      }
      if ('okFalse' in fault) return finish(404, { ok: false, error: fault.okFalse });
      return finish(fault.status, {
        ok: false,
        error: fault.status === 429 ? 'ratelimited' : 'internal_error',
      });
    }
    if (!entry || Date.now() - entry.mintedAt > 30 * 60 * 1000)
      return finish(404, { ok: false, error: 'expired_url' });
    if (entry.uses >= 5) return finish(404, { ok: false, error: 'used_url' });
    entry.uses += 1;
    const { channel, messageTs, user } = entry.context;
    const original = channel && messageTs ? this.message(channel, messageTs) : undefined;
    if (truthy(body.delete_original)) {
      if (original) original.deleted = true;
      return finish(200, { ok: true });
    }
    const text = str(body.text) ?? '';
    const blocks = Array.isArray(body.blocks) ? (body.blocks as Json[]) : undefined;
    if (!text && !blocks) return finish(400, { ok: false, error: 'no_text' });
    if (truthy(body.replace_original) && original) {
      original.text = text;
      if (blocks) original.blocks = blocks;
      else delete original.blocks;
      original.edited = { user: this.botUserId, ts: this.nextTs() };
    } else if (body.response_type === 'in_channel' && channel) {
      this.storeMessage({
        channel,
        text,
        user: this.botUserId,
        bot_id: this.botId,
        app_id: this.appId,
        via: 'response_url',
        ...(blocks ? { blocks } : {}),
        ...(str(body.thread_ts) ? { thread_ts: str(body.thread_ts)! } : {}),
      });
    } else if (channel) {
      this.ephemerals.push({
        channel,
        ...(user ? { user } : {}),
        text,
        ...(blocks ? { blocks } : {}),
        message_ts: this.nextTs(),
        via: 'response_url',
      });
    }
    return finish(200, { ok: true });
  }

  private async handleUpload(
    res: ServerResponse,
    fileId: string,
    raw: Buffer,
    contentType: string | undefined,
  ): Promise<void> {
    const upload = this.uploads.get(fileId);
    if (!upload) {
      sendText(res, 404, 'Not Found', 'text/plain');
      return;
    }
    let bytes = raw;
    const type = (contentType ?? '').toLowerCase();
    if (type.startsWith('multipart/') || type.startsWith('application/x-www-form-urlencoded')) {
      const parsed = await parseParams(raw, contentType);
      const body = parsed.body ?? parsed.file ?? Object.values(parsed)[0];
      bytes = body instanceof UploadedFile ? body.bytes : Buffer.from(String(body ?? ''), 'utf8');
    }
    upload.bytes = bytes;
    sendText(res, 200, `OK - ${bytes.length}`, 'text/plain');
  }

  // ---- workspace model ----

  private channel(id: string): ChannelState {
    const channel = this.channels.get(id);
    if (!channel) throw new Error(`Unknown channel ${id}; register it with addChannel()`);
    return channel;
  }

  private tryResolveChannel(ref: string): ChannelState | undefined {
    if (this.channels.has(ref)) return this.channels.get(ref);
    if (/^[UW][A-Z0-9]+$/.test(ref) && this.users.has(ref)) return this.dmFor(ref);
    const name = ref.replace(/^#/, '');
    return [...this.channels.values()].find((c) => !c.isIm && c.name === name);
  }

  private resolveChannel(ref: unknown): ChannelState {
    const channel = typeof ref === 'string' && ref !== '' ? this.tryResolveChannel(ref) : undefined;
    if (!channel) throw new SlackApiError('channel_not_found');
    return channel;
  }

  private dmFor(userId: string): ChannelState {
    const existing = [...this.channels.values()].find((c) => c.isIm && c.user === userId);
    if (existing) return existing;
    const dm: ChannelState = {
      id: `D${userId.slice(1)}`.slice(0, 11),
      name: userId,
      isPrivate: true,
      isMember: true,
      isArchived: false,
      isIm: true,
      user: userId,
      created: Math.floor(Date.now() / 1000),
    };
    this.channels.set(dm.id, dm);
    return dm;
  }

  /** Unique, increasing message timestamps like `1733230000.000100`. */
  private nextTs(): string {
    const now = Math.floor(Date.now() / 1000);
    if (now > this.lastTsSec) {
      this.lastTsSec = now;
      this.tsMicro = 0;
    }
    this.tsMicro += 100;
    if (this.tsMicro > 999_999) {
      this.lastTsSec += 1;
      this.tsMicro = 100;
    }
    return `${this.lastTsSec}.${String(this.tsMicro).padStart(6, '0')}`;
  }

  private storeMessage(input: Omit<SlackMessage, 'type' | 'ts' | 'team'>): SlackMessage {
    const message: SlackMessage = { type: 'message', ts: this.nextTs(), team: this.teamId, ...input };
    if (message.thread_ts) {
      const parent = this.message(message.channel, message.thread_ts);
      if (parent) {
        if (parent.thread_ts && parent.thread_ts !== parent.ts) message.thread_ts = parent.thread_ts;
        const root = this.message(message.channel, message.thread_ts)!;
        root.thread_ts = root.ts;
        root.reply_count = (root.reply_count ?? 0) + 1;
        root.reply_users = [...new Set([...(root.reply_users ?? []), message.user])];
        root.latest_reply = message.ts;
        message.parent_user_id = root.user;
      }
    }
    this.messages.push(message);
    return message;
  }

  private botMessageJson(message: SlackMessage): Json {
    const { via: _via, channel: _channel, deleted: _deleted, ...rest } = message;
    return {
      ...structuredClone(rest),
      bot_profile: {
        id: this.botId,
        app_id: this.appId,
        name: 'concierge',
        team_id: this.teamId,
        deleted: false,
      },
    };
  }

  private findMessage(channelRef: unknown, ts: unknown): { channel: ChannelState; message: SlackMessage } {
    const channel = this.resolveChannel(channelRef);
    const message = this.message(channel.id, str(ts) ?? '');
    if (!message || message.deleted) throw new SlackApiError('message_not_found');
    return { channel, message };
  }

  private content(p: Json): { text: string; blocks?: Json[]; attachments?: Json[] } {
    const text = str(p.text) ?? '';
    const rawBlocks = decodeJsonParam(p.blocks, 'invalid_blocks_format');
    const blocks = rawBlocks === undefined || rawBlocks === '' ? undefined : validateBlocks(rawBlocks);
    const attachments = decodeJsonParam(p.attachments, 'invalid_attachments') as Json[] | undefined;
    if (!text && !blocks?.length && !(Array.isArray(attachments) && attachments.length)) {
      throw new SlackApiError('no_text');
    }
    if (text.length > 40_000) throw new SlackApiError('msg_too_long');
    return {
      text,
      ...(blocks ? { blocks } : {}),
      ...(Array.isArray(attachments) ? { attachments } : {}),
    };
  }

  private consumeTrigger(p: Json): { viewId?: string } {
    const id = str(p.trigger_id);
    if (!id) {
      throw SlackApiError.withMessages('invalid_arguments', ['[ERROR] missing required field: trigger_id']);
    }
    const trigger = this.triggers.get(id);
    if (!trigger) throw new SlackApiError('invalid_trigger_id');
    if (trigger.used) throw new SlackApiError('exchanged_trigger_id');
    if (Date.now() - trigger.mintedAt > (this.options.triggerTtlMs ?? 3000)) {
      throw new SlackApiError('expired_trigger_id');
    }
    trigger.used = true;
    return trigger.context;
  }

  private storeView(input: Json, rootId?: string, previousId?: string): Json {
    const id = slackId('V');
    const view: Json = {
      id,
      team_id: this.teamId,
      type: input.type,
      blocks: input.blocks ?? [],
      private_metadata: input.private_metadata ?? '',
      callback_id: input.callback_id ?? '',
      state: { values: {} },
      hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
      title: input.title ?? null,
      clear_on_close: input.clear_on_close ?? false,
      notify_on_close: input.notify_on_close ?? false,
      close: input.close ?? null,
      submit: input.submit ?? null,
      previous_view_id: previousId ?? null,
      root_view_id: rootId ?? id,
      app_id: this.appId,
      external_id: input.external_id ?? '',
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
    };
    this.views.set(id, { view, rootId: rootId ?? id });
    return structuredClone(view);
  }

  private channelJson(c: ChannelState): Json {
    if (c.isIm) {
      return {
        id: c.id,
        created: c.created,
        is_im: true,
        is_org_shared: false,
        user: c.user,
        is_user_deleted: false,
        priority: 0,
      };
    }
    return {
      id: c.id,
      name: c.name,
      name_normalized: c.name,
      is_channel: !c.isPrivate,
      is_group: c.isPrivate,
      is_im: false,
      is_mpim: false,
      is_private: c.isPrivate,
      is_archived: c.isArchived,
      is_general: false,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      is_member: c.isMember,
      created: c.created,
      creator: 'U0CREATOR',
      context_team_id: this.teamId,
    };
  }

  private buildHandlers(): Map<string, Handler> {
    const table: Record<string, Handler> = {
      'api.test': (p) => ({ args: p }),
      'auth.test': () => ({
        url: 'https://fake.slack.com/',
        team: this.teamName,
        user: 'concierge',
        team_id: this.teamId,
        user_id: this.botUserId,
        bot_id: this.botId,
        is_enterprise_install: false,
      }),

      'chat.postMessage': (p) => {
        const channel = this.resolveChannel(p.channel);
        if (channel.isArchived) throw new SlackApiError('is_archived');
        if (!channel.isMember) throw new SlackApiError('not_in_channel');
        const content = this.content(p);
        const threadTs = str(p.thread_ts);
        if (threadTs && !this.message(channel.id, threadTs)) throw new SlackApiError('thread_not_found');
        const metadata = decodeJsonParam(p.metadata, 'invalid_metadata_format') as Json | undefined;
        const message = this.storeMessage({
          channel: channel.id,
          user: this.botUserId,
          bot_id: this.botId,
          app_id: this.appId,
          via: 'chat.postMessage',
          ...content,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          ...(metadata ? { metadata } : {}),
          ...(threadTs && truthy(p.reply_broadcast) ? { subtype: 'thread_broadcast' } : {}),
        });
        return { channel: channel.id, ts: message.ts, message: this.botMessageJson(message) };
      },

      'chat.update': (p) => {
        const { channel, message } = this.findMessage(p.channel, p.ts);
        if (message.bot_id !== this.botId) throw new SlackApiError('cant_update_message');
        const content = this.content(p);
        message.text = content.text;
        if (content.blocks) message.blocks = content.blocks;
        else if (p.blocks !== undefined) delete message.blocks;
        if (content.attachments) message.attachments = content.attachments;
        message.edited = { user: this.botUserId, ts: this.nextTs() };
        return {
          channel: channel.id,
          ts: message.ts,
          text: message.text,
          message: this.botMessageJson(message),
        };
      },

      'chat.delete': (p) => {
        const { channel, message } = this.findMessage(p.channel, p.ts);
        if (message.bot_id !== this.botId) throw new SlackApiError('cant_delete_message');
        message.deleted = true;
        return { channel: channel.id, ts: message.ts };
      },

      'chat.postEphemeral': (p) => {
        const channel = this.resolveChannel(p.channel);
        const user = str(p.user);
        if (!user || !this.users.has(user)) throw new SlackApiError('user_not_found');
        if (!channel.isMember) throw new SlackApiError('not_in_channel');
        const content = this.content(p);
        const message_ts = this.nextTs();
        this.ephemerals.push({
          channel: channel.id,
          user,
          text: content.text,
          ...(content.blocks ? { blocks: content.blocks } : {}),
          ...(str(p.thread_ts) ? { thread_ts: str(p.thread_ts)! } : {}),
          message_ts,
          via: 'chat.postEphemeral',
        });
        return { message_ts };
      },

      'chat.getPermalink': (p) => {
        const { channel, message } = this.findMessage(p.channel, p.message_ts);
        const base = `https://fake.slack.com/archives/${channel.id}/p${message.ts.replace('.', '')}`;
        const permalink =
          message.thread_ts && message.thread_ts !== message.ts
            ? `${base}?thread_ts=${message.thread_ts}&cid=${channel.id}`
            : base;
        return { channel: channel.id, permalink };
      },

      'views.open': (p) => {
        this.consumeTrigger(p);
        const view = validateView(p.view);
        const stored = this.storeView(view);
        this.viewStacks.set(String(stored.id), [String(stored.id)]);
        return { view: stored };
      },

      'views.push': (p) => {
        const context = this.consumeTrigger(p);
        const view = validateView(p.view);
        const rootId =
          (context.viewId ? this.views.get(context.viewId)?.rootId : undefined) ??
          [...this.viewStacks.keys()].at(-1);
        const stack = rootId ? this.viewStacks.get(rootId) : undefined;
        if (!rootId || !stack) throw new SlackApiError('not_found');
        if (stack.length >= 3) throw new SlackApiError('push_limit_reached');
        const stored = this.storeView(view, rootId, stack.at(-1));
        stack.push(String(stored.id));
        return { view: stored };
      },

      'views.update': (p) => {
        const viewId = str(p.view_id);
        const externalId = str(p.external_id);
        if (!viewId && !externalId) {
          throw SlackApiError.withMessages('invalid_arguments', ['[ERROR] missing required field: view_id']);
        }
        const entry = viewId
          ? this.views.get(viewId)
          : [...this.views.values()].find((e) => e.view.external_id === externalId);
        if (!entry) throw new SlackApiError('not_found');
        const hash = str(p.hash);
        if (hash && hash !== entry.view.hash) throw new SlackApiError('hash_conflict');
        const view = validateView(p.view);
        Object.assign(entry.view, {
          type: view.type,
          blocks: view.blocks ?? [],
          title: view.title ?? entry.view.title,
          submit: view.submit ?? null,
          close: view.close ?? null,
          private_metadata: view.private_metadata ?? '',
          callback_id: view.callback_id ?? '',
          external_id: view.external_id ?? entry.view.external_id,
          hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
        });
        return { view: structuredClone(entry.view) };
      },

      'views.publish': (p) => {
        const user = str(p.user_id);
        if (!user || !this.users.has(user)) throw new SlackApiError('user_not_found');
        const view = validateView(p.view);
        if (view.type !== 'home') {
          throw SlackApiError.withMessages('invalid_arguments', [
            '[ERROR] must be home [json-pointer:/view/type]',
          ]);
        }
        const stored = this.storeView(view);
        this.views.get(String(stored.id))!.user = user;
        return { view: stored };
      },

      'users.info': (p) => {
        const user = this.users.get(str(p.user) ?? '');
        if (!user) throw new SlackApiError('user_not_found');
        return { user: structuredClone(user) };
      },

      'users.lookupByEmail': (p) => {
        const email = str(p.email);
        const user = [...this.users.values()].find((u) => (u.profile as Json).email === email);
        if (!user) throw new SlackApiError('users_not_found');
        return { user: structuredClone(user) };
      },

      'conversations.open': (p) => {
        if (p.channel !== undefined) {
          const channel = this.resolveChannel(p.channel);
          return {
            no_op: true,
            already_open: true,
            channel: truthy(p.return_im) ? this.channelJson(channel) : { id: channel.id },
          };
        }
        const ids = (str(p.users) ?? '')
          .split(',')
          .map((u) => u.trim())
          .filter(Boolean);
        if (ids.length === 0) throw new SlackApiError('users_list_not_supplied');
        if (ids.length > 8) throw new SlackApiError('too_many_users');
        if (ids.some((id) => !this.users.has(id))) throw new SlackApiError('user_not_found');
        if (ids.length > 1) {
          const id = slackId('G');
          this.channels.set(id, {
            id,
            name: `mpdm-${ids.join('--')}-1`,
            isPrivate: true,
            isMember: true,
            isArchived: false,
            isIm: false,
            created: Math.floor(Date.now() / 1000),
          });
          return { channel: { id } };
        }
        const existed = [...this.channels.values()].some((c) => c.isIm && c.user === ids[0]);
        const dm = this.dmFor(ids[0]!);
        const channel = truthy(p.return_im) ? this.channelJson(dm) : { id: dm.id };
        return existed ? { no_op: true, already_open: true, channel } : { channel };
      },

      'conversations.info': (p) => ({ channel: this.channelJson(this.resolveChannel(p.channel)) }),

      'conversations.history': (p) => {
        const channel = this.resolveChannel(p.channel);
        const limit = Number(p.limit ?? 100) || 100;
        const all = this.messages
          .filter(
            (m) =>
              m.channel === channel.id &&
              !m.deleted &&
              (!m.thread_ts || m.thread_ts === m.ts || m.subtype === 'thread_broadcast'),
          )
          .reverse();
        return {
          messages: all.slice(0, limit).map((m) => this.botMessageJson(m)),
          has_more: all.length > limit,
          pin_count: 0,
          response_metadata: { next_cursor: '' },
        };
      },

      'conversations.replies': (p) => {
        const channel = this.resolveChannel(p.channel);
        const ts = str(p.ts) ?? '';
        const parent = this.message(channel.id, ts);
        if (!parent || parent.deleted) throw new SlackApiError('thread_not_found');
        const root = parent.thread_ts ?? parent.ts;
        const thread = this.messages.filter(
          (m) => m.channel === channel.id && !m.deleted && (m.ts === root || m.thread_ts === root),
        );
        return { messages: thread.map((m) => this.botMessageJson(m)), has_more: false };
      },

      'reactions.add': (p) => {
        const { message } = this.findMessage(p.channel, p.timestamp);
        const name = (str(p.name) ?? '').replace(/:/g, '');
        if (!name) throw new SlackApiError('invalid_name');
        message.reactions ??= [];
        const reaction = message.reactions.find((r) => r.name === name);
        if (reaction?.users.includes(this.botUserId)) throw new SlackApiError('already_reacted');
        if (reaction) {
          reaction.users.push(this.botUserId);
          reaction.count += 1;
        } else {
          message.reactions.push({ name, users: [this.botUserId], count: 1 });
        }
        return {};
      },

      'reactions.remove': (p) => {
        const { message } = this.findMessage(p.channel, p.timestamp);
        const name = (str(p.name) ?? '').replace(/:/g, '');
        const reaction = message.reactions?.find((r) => r.name === name && r.users.includes(this.botUserId));
        if (!reaction) throw new SlackApiError('no_reaction');
        reaction.users = reaction.users.filter((u) => u !== this.botUserId);
        reaction.count -= 1;
        message.reactions = message.reactions!.filter((r) => r.count > 0);
        return {};
      },

      'files.getUploadURLExternal': (p) => {
        const filename = str(p.filename);
        const length = Number(p.length);
        if (!filename || !Number.isFinite(length) || length <= 0) {
          throw SlackApiError.withMessages('invalid_arguments', [
            '[ERROR] missing required field: filename or length',
          ]);
        }
        const fileId = slackId('F');
        this.uploads.set(fileId, { filename, length });
        return { upload_url: `${this.baseUrl}/upload/${fileId}`, file_id: fileId };
      },

      'files.completeUploadExternal': (p) => {
        const files = decodeJsonParam(p.files, 'invalid_arguments');
        if (!Array.isArray(files) || files.length === 0) {
          throw SlackApiError.withMessages('invalid_arguments', ['[ERROR] missing required field: files']);
        }
        const described = (files as { id?: string; title?: string }[]).map((f) => {
          const upload = f.id ? this.uploads.get(f.id) : undefined;
          if (!upload?.bytes) throw new SlackApiError('file_not_found');
          upload.title = f.title ?? upload.filename;
          return {
            id: f.id!,
            name: upload.filename,
            title: upload.title,
            size: upload.bytes.length,
            user: this.botUserId,
            url_private: `${this.baseUrl}/files/${f.id}/${upload.filename}`,
            permalink: `https://fake.slack.com/files/${this.botUserId}/${f.id}/${upload.filename}`,
          };
        });
        const channelId = str(p.channel_id) ?? str(p.channels)?.split(',')[0];
        if (channelId) {
          const channel = this.resolveChannel(channelId);
          if (!channel.isMember) throw new SlackApiError('not_in_channel');
          const threadTs = str(p.thread_ts);
          this.storeMessage({
            channel: channel.id,
            text: str(p.initial_comment) ?? '',
            user: this.botUserId,
            bot_id: this.botId,
            app_id: this.appId,
            files: described,
            subtype: 'file_share',
            via: 'files.completeUploadExternal',
            ...(threadTs ? { thread_ts: threadTs } : {}),
          });
        }
        return { files: described };
      },
    };
    return new Map(Object.entries(table));
  }
}

function matchesText(message: Json | undefined, text: string | RegExp | undefined): boolean {
  if (text === undefined) return true;
  const haystack = `${String(message?.text ?? '')}\n${JSON.stringify(message?.blocks ?? [])}`;
  return typeof text === 'string' ? haystack.includes(text) : text.test(haystack);
}

function tzOffsetSeconds(tz: string): number {
  try {
    const now = new Date();
    const local = new Date(now.toLocaleString('en-US', { timeZone: tz }));
    const utc = new Date(now.toLocaleString('en-US', { timeZone: 'UTC' }));
    return Math.round((local.getTime() - utc.getTime()) / 1000);
  } catch {
    return 0;
  }
}

function describeCall(c: SlackCall): string {
  const outcome = c.response.ok === true ? 'ok' : String(c.response.error ?? c.status);
  const { blocks, view, ...rest } = c.params;
  const extras = [blocks ? 'blocks' : '', view ? 'view' : ''].filter(Boolean).join('+');
  return `${c.method} ${c.status} ${outcome} ${truncate(JSON.stringify(rest))}${extras ? ` [+${extras}]` : ''}`;
}
