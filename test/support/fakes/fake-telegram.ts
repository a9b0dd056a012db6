import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type DownMode,
  FakeHttpServer,
  FaultPlan,
  Journal,
  type Params,
  parseParams,
  postOnce,
  readBody,
  sendJson,
  sleep,
  TokenBucket,
  truncate,
  type WaitOptions,
} from './http-kit.js';
import { buildTelegramUser, commandEntities, TINY_JPEG, TINY_OGG } from './telegram-builders.js';
import {
  TelegramApiError,
  type TgCallbackQuery,
  type TgMessage,
  type TgUpdate,
  type TgUser,
} from './telegram-types.js';
import { asBool, asInt, type ChatState, TelegramWorld } from './telegram-world.js';

/** Options for {@link FakeTelegram.start}. */
export interface FakeTelegramOptions {
  /** The bot token clients must use, e.g. `123456:TEST-token`. The numeric prefix becomes the bot's user id. */
  token: string;
  /** Overrides for the bot's own user (getMe). */
  bot?: Partial<TgUser>;
  /** Answer 429 when a chat gets more than ~1 message/s (burst 3) or the bot sends more than 30/s overall. */
  enforceRateLimits?: boolean;
  /** First retry delay after a failed webhook delivery; doubles up to `webhookRetryMaxMs`. Default 100. */
  webhookRetryMinMs?: number;
  /** Default 1000. */
  webhookRetryMaxMs?: number;
  /** How long a webhook delivery may take before it counts as failed. Default 10 000. */
  webhookTimeoutMs?: number;
  /** How long (ms) a callback query stays answerable. Default 15 000. */
  callbackQueryTtlMs?: number;
}

/** One request the fake received, with what it answered. */
export interface TelegramRequest {
  method: string;
  params: Params;
  /** Arrival time (ms since epoch); the entry is recorded once the request is answered. */
  at: number;
  status: number;
  response: Record<string, unknown>;
  httpMethod: string;
  /** True when the call arrived as a webhook reply (method in the HTTP response to an update delivery). */
  viaWebhookReply?: boolean;
}

/** A scheduled failure for {@link FakeTelegram.failNext} / {@link FakeTelegram.failFor}. */
export type TelegramFault =
  | { status: 429; retryAfter?: number }
  | { status: number; description?: string }
  | { network: 'reset' };

/** A webhook delivery attempt. */
export interface WebhookDelivery {
  updateId: number;
  at: number;
  ok: boolean;
  status?: number;
  error?: string;
}

/** A 429 the fake's own rate limiter produced. */
export interface RateLimitViolation {
  method: string;
  chatId: number | undefined;
  scope: 'chat' | 'global';
  at: number;
  retryAfter: number;
}

/** What a simulated user action enqueued. */
export interface Enqueued {
  update: TgUpdate;
  message?: TgMessage;
  callbackQuery?: TgCallbackQuery;
  /** False when the bot's allowed_updates filter dropped the update. */
  delivered: boolean;
}

const DEFAULT_ALLOWED_EXCLUDED = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);
const JSON_FIELDS = [
  'reply_markup',
  'reply_parameters',
  'link_preview_options',
  'entities',
  'caption_entities',
  'allowed_updates',
  'commands',
  'scope',
  'media',
  'menu_button',
];
const SERVER_ERRORS: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
const CLIENT_ERRORS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
};
const CONFLICT_OTHER_POLL = new TelegramApiError(
  409,
  'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
);
const CONFLICT_WEBHOOK = new TelegramApiError(
  409,
  "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
);
const POLLING_OR_META = new Set(['getUpdates', 'getMe', 'getWebhookInfo', 'deleteWebhook', 'setWebhook']);

interface Poller {
  /** Answers with the pending updates. */
  wake(): void;
  /** Answers with no updates. */
  release(): void;
  fail(error: TelegramApiError): void;
}

type Handler = (p: Params, signal: AbortSignal) => unknown;

/** Wraps a result that Telegram sends with a `description` (setWebhook/deleteWebhook). */
class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

/**
 * A fake Telegram Bot API on 127.0.0.1 for telegraf (`telegram: { apiRoot: fake.apiRoot }`): real status codes and
 * error bodies, getUpdates offsets and long polling, webhooks with retries, simulated users, faults and recording.
 */
export class FakeTelegram {
  readonly world: TelegramWorld;
  /** Updates not yet confirmed (by a getUpdates offset or a 2xx webhook delivery), oldest first. */
  readonly pending: TgUpdate[] = [];
  readonly droppedUpdates: TgUpdate[] = [];
  readonly webhookDeliveries: WebhookDelivery[] = [];
  readonly rateLimitViolations: RateLimitViolation[] = [];
  private readonly journal = new Journal<TelegramRequest>(describeRequest, 'Telegram requests');
  private readonly faults = new FaultPlan<TelegramFault>();
  private readonly handlers: Map<string, { name: string; handler: Handler }>;
  private readonly chatBuckets = new Map<number, TokenBucket>();
  private readonly globalBucket = new TokenBucket(30, 30);
  private nextUpdateId = 10_000_000 + Math.floor(Math.random() * 1_000_000);
  private allowedUpdates: Set<string> | undefined;
  private poller: Poller | undefined;
  private webhook:
    | { url: string; secret?: string; lastErrorDate?: number; lastErrorMessage?: string }
    | undefined;
  private delivering = false;
  private retryDelayMs: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly closing = new AbortController();
  private closed = false;

  private constructor(
    private readonly server: FakeHttpServer,
    private readonly options: FakeTelegramOptions,
  ) {
    const botId = Number(options.token.split(':')[0]) || 123_456_789;
    this.world = new TelegramWorld(
      {
        id: botId,
        is_bot: true,
        first_name: 'Concierge Test Bot',
        username: 'concierge_test_bot',
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
        can_connect_to_business: false,
        has_main_web_app: false,
        ...options.bot,
      },
      options.callbackQueryTtlMs === undefined ? {} : { callbackQueryTtlMs: options.callbackQueryTtlMs },
    );
    this.retryDelayMs = options.webhookRetryMinMs ?? 100;
    this.handlers = this.buildHandlers();
  }

  /** Starts the fake on 127.0.0.1 with an ephemeral port. */
  static async start(options: FakeTelegramOptions): Promise<FakeTelegram> {
    let fake: FakeTelegram | undefined;
    const server = await FakeHttpServer.start(
      (req, res) => fake!.handle(req, res),
      (res) => sendJson(res, 502, { ok: false, error_code: 502, description: 'Bad Gateway' }),
    );
    fake = new FakeTelegram(server, options);
    return fake;
  }

  /** For telegraf's `telegram.apiRoot`. */
  get apiRoot(): string {
    return this.server.baseUrl;
  }

  get token(): string {
    return this.options.token;
  }

  get bot(): TgUser {
    return this.world.bot;
  }

  /** Releases held long polls, stops webhook delivery and closes the server. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.closing.abort();
    this.poller?.release();
    await sleep(5);
    await this.server.close();
  }

  // ---- recording ----

  /** Every request received, in the order they were answered. */
  get requests(): readonly TelegramRequest[] {
    return this.journal.entries;
  }

  /** Successful calls of `method`, or of every method except polling/webhook housekeeping. */
  sent(method?: string): TelegramRequest[] {
    return this.requests.filter(
      (r) =>
        r.status === 200 && (method === undefined ? !POLLING_OR_META.has(r.method) : r.method === method),
    );
  }

  /** Texts (or captions) of messages the bot successfully sent to `chatId`, as the user sees them. */
  messagesTo(chatId: number): string[] {
    return this.requests
      .filter((r) => r.status === 200 && r.method.startsWith('send') && r.method !== 'sendChatAction')
      .map((r) => r.response.result as TgMessage)
      .filter((m) => m.chat.id === chatId)
      .map((m) => m.text ?? m.caption ?? '');
  }

  /** The chat's messages (user's and bot's) in their current state, after edits and deletions. */
  chatHistory(chatId: number): TgMessage[] {
    return [...(this.world.chats.get(chatId)?.messages.values() ?? [])].map((m) => structuredClone(m));
  }

  waitFor(predicate: (request: TelegramRequest) => boolean, options?: WaitOptions): Promise<TelegramRequest> {
    return this.journal.waitFor(predicate, options);
  }

  waitForRequest(
    method: string,
    predicate: (request: TelegramRequest) => boolean = () => true,
    options: WaitOptions = {},
  ): Promise<TelegramRequest> {
    return this.journal.waitFor((r) => r.method === method && predicate(r), {
      description: `a ${method} request`,
      ...options,
    });
  }

  /** Waits for a successful message send to `chatId` whose visible text matches. */
  async waitForMessageTo(
    chatId: number,
    text?: string | RegExp,
    options: WaitOptions = {},
  ): Promise<TgMessage> {
    const matches = (m: TgMessage): boolean => {
      const visible = m.text ?? m.caption ?? '';
      return text === undefined || (typeof text === 'string' ? visible.includes(text) : text.test(visible));
    };
    const request = await this.journal.waitFor(
      (r) =>
        r.status === 200 &&
        r.method.startsWith('send') &&
        (r.response.result as TgMessage | undefined)?.chat?.id === chatId &&
        matches(r.response.result as TgMessage),
      {
        description: `a message to chat ${chatId}${text === undefined ? '' : ` matching ${String(text)}`}`,
        ...options,
      },
    );
    return request.response.result as TgMessage;
  }

  clearRequests(): void {
    this.journal.clear();
  }

  // ---- faults ----

  /** Fails the next `times` calls of `method` (`'*'` for any). */
  failNext(method: string, fault: TelegramFault, times = 1): void {
    this.faults.add(method, fault, { times });
  }

  /** Fails every call of `method` for the next `ms` milliseconds. */
  failFor(method: string, ms: number, fault: TelegramFault): void {
    this.faults.add(method, fault, { forMs: ms });
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Makes the whole API unavailable: 502 to everything (default), reset sockets, or refuse connections. */
  async goDown(mode: DownMode = 'http-502'): Promise<void> {
    await this.server.goDown(mode);
    if (mode === 'http-502') this.poller?.fail(new TelegramApiError(502, 'Bad Gateway'));
  }

  async goUp(): Promise<void> {
    await this.server.goUp();
  }

  // ---- chats ----

  /** Creates the private chat with `user` without an update (as if they had talked to the bot before). */
  registerChat(user: TgUser): ChatState {
    return this.world.registerChat(user);
  }

  /** Every send to the chat now fails with 403 `Forbidden: bot was blocked by the user`. */
  blockChat(chatId: number): void {
    this.chatState(chatId).blocked = true;
  }

  unblockChat(chatId: number): void {
    this.chatState(chatId).blocked = false;
  }

  private chatState(chatId: number): ChatState {
    const state = this.world.chats.get(chatId);
    if (!state)
      throw new Error(`Chat ${chatId} does not exist yet; have the user send something or registerChat()`);
    return state;
  }

  // ---- simulated users ----

  /** A simulated user bound to its own `from`, with the same actions as the fake's `send*` helpers. */
  user(overrides: Partial<TgUser> = {}): SimulatedTelegramUser {
    return new SimulatedTelegramUser(this, buildTelegramUser(overrides));
  }

  sendText(from: TgUser, text: string, options: { replyTo?: number } = {}): Enqueued {
    const entities = commandEntities(text);
    return this.enqueueMessage(from, {
      text,
      ...(entities.length ? { entities } : {}),
      ...this.replyField(from, options.replyTo),
    });
  }

  sendCommand(from: TgUser, command: string, args?: string): Enqueued {
    const name = command.startsWith('/') ? command : `/${command}`;
    const text = args ? `${name} ${args}` : name;
    return this.enqueueMessage(from, {
      text,
      entities: [{ type: 'bot_command', offset: 0, length: name.length }],
    });
  }

  sendPhoto(
    from: TgUser,
    options: { caption?: string; width?: number; height?: number; bytes?: Buffer; replyTo?: number } = {},
  ): Enqueued {
    const file = this.world.storeFile(options.bytes ?? TINY_JPEG, 'photo', { mime_type: 'image/jpeg' });
    const photo = this.world.photoSizes(file, options.width ?? 1280, options.height ?? 960);
    return this.enqueueMessage(from, {
      photo,
      ...(options.caption === undefined ? {} : { caption: options.caption }),
      ...this.replyField(from, options.replyTo),
    });
  }

  sendDocument(
    from: TgUser,
    options: { fileName?: string; mimeType?: string; bytes?: Buffer; caption?: string } = {},
  ): Enqueued {
    const fileName = options.fileName ?? 'lease.pdf';
    const mimeType = options.mimeType ?? 'application/pdf';
    const bytes = options.bytes ?? Buffer.from('%PDF-1.4 fake');
    const file = this.world.storeFile(bytes, 'document', { file_name: fileName, mime_type: mimeType });
    const document = {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      file_name: fileName,
      mime_type: mimeType,
      file_size: bytes.length,
    };
    return this.enqueueMessage(from, {
      document,
      ...(options.caption === undefined ? {} : { caption: options.caption }),
    });
  }

  sendVoice(from: TgUser, options: { duration?: number; bytes?: Buffer } = {}): Enqueued {
    const bytes = options.bytes ?? TINY_OGG;
    const file = this.world.storeFile(bytes, 'voice', { mime_type: 'audio/ogg' });
    const voice = {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      duration: options.duration ?? 3,
      mime_type: 'audio/ogg',
      file_size: bytes.length,
    };
    return this.enqueueMessage(from, { voice });
  }

  sendLocation(from: TgUser, location: { latitude: number; longitude: number }): Enqueued {
    return this.enqueueMessage(from, { location: { ...location } });
  }

  sendContact(
    from: TgUser,
    contact: { phone_number: string; first_name?: string; last_name?: string; user_id?: number },
  ): Enqueued {
    return this.enqueueMessage(from, {
      contact: { first_name: from.first_name, ...contact },
    });
  }

  /** The user edits one of their messages (an `edited_message` update). */
  editText(from: TgUser, messageId: number, newText: string): Enqueued {
    const message = this.world.userEdit(from, messageId, newText);
    return this.enqueue({ edited_message: message }, { message });
  }

  /**
   * The user presses an inline button on one of the bot's messages (a `callback_query` update).
   * Throws unless that message has a button with this callback_data (pass `force` to skip the check).
   */
  pressButton(
    from: TgUser,
    press: { messageId: number; data: string; chatId?: number; force?: boolean },
  ): Enqueued {
    const query = this.world.mintCallbackQuery(
      from,
      press.chatId ?? from.id,
      press.messageId,
      press.data,
      press.force ?? false,
    );
    return this.enqueue({ callback_query: query }, { callbackQuery: query });
  }

  /** Enqueues an arbitrary update body (update_id is assigned). */
  enqueue(body: Omit<TgUpdate, 'update_id'>, extras: Omit<Enqueued, 'update' | 'delivered'> = {}): Enqueued {
    this.nextUpdateId += 1;
    const update = { update_id: this.nextUpdateId, ...body } as TgUpdate;
    const type = Object.keys(body)[0] ?? 'message';
    const allowed = this.allowedUpdates ? this.allowedUpdates.has(type) : !DEFAULT_ALLOWED_EXCLUDED.has(type);
    if (allowed) {
      this.pending.push(update);
      setImmediate(() => {
        this.poller?.wake();
        this.pumpWebhook();
      });
    } else {
      this.droppedUpdates.push(update);
    }
    return { update, ...extras, delivered: allowed };
  }

  private enqueueMessage(from: TgUser, content: Partial<TgMessage>): Enqueued {
    const message = this.world.userMessage(from, content);
    return this.enqueue({ message }, { message });
  }

  private replyField(from: TgUser, replyTo: number | undefined): Partial<TgMessage> {
    if (replyTo === undefined) return {};
    const target = this.world.chats.get(from.id)?.messages.get(replyTo);
    if (!target) throw new Error(`No message ${replyTo} in chat ${from.id} to reply to`);
    const { reply_to_message: _nested, ...shallow } = structuredClone(target);
    return { reply_to_message: shallow };
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? '/', this.apiRoot);
    const raw = await readBody(req);
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch) {
      this.serveFile(res, fileMatch[1]!, decodeURIComponent(fileMatch[2]!));
      return;
    }
    const match = /^\/bot([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
    if (!match) {
      sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    let params: Params;
    try {
      params = {
        ...Object.fromEntries(url.searchParams),
        ...(await parseParams(raw, req.headers['content-type'], JSON_FIELDS)),
      };
    } catch {
      params = {};
    }
    const requested = decodeURIComponent(match[2]!);
    const entry = this.handlers.get(requested.toLowerCase());
    const method = entry?.name ?? requested;
    if (params.method === method) delete params.method;

    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const { status, body, headers, destroy } = await this.answer(
      decodeURIComponent(match[1]!),
      method,
      params,
      abort.signal,
    );
    if (destroy) {
      req.socket.destroy();
    } else if (!res.destroyed) {
      sendJson(res, status, body, headers);
    }
    this.journal.push({ method, params, at, status, response: body, httpMethod: req.method ?? 'POST' });
  }

  private async answer(
    token: string,
    method: string,
    params: Params,
    signal: AbortSignal,
  ): Promise<{
    status: number;
    body: Record<string, unknown>;
    headers?: Record<string, string>;
    destroy?: boolean;
  }> {
    if (token !== this.options.token) {
      return { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } };
    }
    const entry = this.handlers.get(method.toLowerCase());
    if (!entry) return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
    const fault = this.faults.take(method);
    if (fault) {
      if ('network' in fault) return { status: 0, body: { network: 'reset' }, destroy: true };
      const error = faultError(fault);
      return { status: error.errorCode, body: error.toBody(), ...retryHeaders(error) };
    }
    try {
      this.checkRateLimits(method, params);
      const result = await entry.handler(params, signal);
      if (result instanceof Described) {
        return { status: 200, body: { ok: true, result: result.result, description: result.description } };
      }
      return { status: 200, body: { ok: true, result } };
    } catch (error) {
      if (error instanceof TelegramApiError) {
        return { status: error.errorCode, body: error.toBody(), ...retryHeaders(error) };
      }
      throw error;
    }
  }

  private serveFile(res: ServerResponse, token: string, path: string): void {
    const file = [...this.world.files.values()].find((f) => f.file_path === path);
    if (token !== this.options.token || !file) {
      sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    res.writeHead(200, {
      'content-type': file.mime_type ?? 'application/octet-stream',
      'content-length': file.bytes.length,
    });
    res.end(file.bytes);
  }

  private checkRateLimits(method: string, params: Params): void {
    if (!this.options.enforceRateLimits) return;
    const counts =
      (method.startsWith('send') && method !== 'sendChatAction') || method.startsWith('editMessage');
    if (!counts) return;
    const chatId = asInt(params.chat_id);
    let bucket = chatId === undefined ? undefined : this.chatBuckets.get(chatId);
    if (chatId !== undefined && !bucket) {
      bucket = new TokenBucket(3, 1);
      this.chatBuckets.set(chatId, bucket);
    }
    const now = Date.now();
    const globalWait = this.globalBucket.take(now);
    const chatWait = globalWait === 0 ? (bucket?.take(now) ?? 0) : 0;
    const waitMs = Math.max(globalWait, chatWait);
    if (waitMs === 0) return;
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    this.rateLimitViolations.push({
      method,
      chatId,
      scope: globalWait ? 'global' : 'chat',
      at: now,
      retryAfter,
    });
    throw tooManyRequests(retryAfter);
  }

  // ---- polling and webhooks ----

  private getUpdates(p: Params, signal: AbortSignal): Promise<TgUpdate[]> | TgUpdate[] {
    if (this.webhook) throw CONFLICT_WEBHOOK;
    const offset = asInt(p.offset) ?? 0;
    if (offset > 0) {
      while (this.pending.length && this.pending[0]!.update_id < offset) this.pending.shift();
    } else if (offset < 0) {
      this.pending.splice(0, Math.max(0, this.pending.length + offset));
    }
    if (Array.isArray(p.allowed_updates)) {
      this.allowedUpdates = p.allowed_updates.length ? new Set(p.allowed_updates.map(String)) : undefined;
    }
    const rawLimit = asInt(p.limit) ?? 100;
    const limit = rawLimit < 1 || rawLimit > 100 ? 100 : rawLimit;
    const timeoutSec = Math.max(0, asInt(p.timeout) ?? 0);
    this.poller?.fail(CONFLICT_OTHER_POLL);
    this.poller = undefined;
    const take = (): TgUpdate[] => structuredClone(this.pending.slice(0, limit));
    if (this.pending.length > 0 || timeoutSec === 0 || this.closed) return take();
    return new Promise<TgUpdate[]>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (this.poller === poller) this.poller = undefined;
      };
      const poller: Poller = {
        wake: () => {
          finish();
          resolve(take());
        },
        release: () => {
          finish();
          resolve([]);
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      const onAbort = (): void => poller.release();
      const timer = setTimeout(poller.wake, timeoutSec * 1000);
      signal.addEventListener('abort', onAbort);
      this.poller = poller;
    });
  }

  private setWebhook(p: Params): Described {
    const url = String(p.url ?? '');
    if (url === '') return this.deleteWebhook(p);
    if (!/^https?:\/\/[^\s/]+/.test(url))
      throw TelegramApiError.badRequest('bad webhook: Failed to resolve host');
    const secret = p.secret_token === undefined ? undefined : String(p.secret_token);
    if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
      throw TelegramApiError.badRequest('secret token contains unallowed characters');
    }
    if (asBool(p.drop_pending_updates)) this.pending.length = 0;
    if (Array.isArray(p.allowed_updates)) {
      this.allowedUpdates = p.allowed_updates.length ? new Set(p.allowed_updates.map(String)) : undefined;
    }
    const same = this.webhook?.url === url && this.webhook.secret === secret;
    this.poller?.fail(CONFLICT_WEBHOOK);
    this.webhook = { url, ...(secret === undefined ? {} : { secret }) };
    this.retryDelayMs = this.options.webhookRetryMinMs ?? 100;
    setImmediate(() => this.pumpWebhook());
    return new Described(true, same ? 'Webhook is already set' : 'Webhook was set');
  }

  private deleteWebhook(p: Params): Described {
    const had = this.webhook !== undefined;
    this.webhook = undefined;
    clearTimeout(this.retryTimer);
    if (asBool(p.drop_pending_updates)) this.pending.length = 0;
    return new Described(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
  }

  private getWebhookInfo(): Record<string, unknown> {
    const info: Record<string, unknown> = {
      url: this.webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: this.pending.length,
    };
    if (this.webhook) {
      info.max_connections = 40;
      info.ip_address = '127.0.0.1';
      if (this.webhook.lastErrorDate !== undefined) {
        info.last_error_date = this.webhook.lastErrorDate;
        info.last_error_message = this.webhook.lastErrorMessage;
      }
      if (this.allowedUpdates) info.allowed_updates = [...this.allowedUpdates];
    }
    return info;
  }

  private pumpWebhook(): void {
    const hook = this.webhook;
    const update = this.pending[0];
    if (this.closed || this.delivering || !hook || !update) return;
    this.delivering = true;
    clearTimeout(this.retryTimer);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (hook.secret !== undefined) headers['x-telegram-bot-api-secret-token'] = hook.secret;
    const at = Date.now();
    postOnce(
      hook.url,
      JSON.stringify(update),
      headers,
      this.options.webhookTimeoutMs ?? 10_000,
      this.closing.signal,
    )
      .then(async (response) => {
        if (response.status >= 200 && response.status < 300) {
          this.webhookDeliveries.push({ updateId: update.update_id, at, ok: true, status: response.status });
          if (this.pending[0]?.update_id === update.update_id) this.pending.shift();
          this.retryDelayMs = this.options.webhookRetryMinMs ?? 100;
          await this.runWebhookReply(response.body, String(response.headers['content-type'] ?? ''));
          return true;
        }
        this.webhookFailed(
          update,
          at,
          `Wrong response from the webhook: ${response.status} ${response.statusText}`,
          response.status,
        );
        return false;
      })
      .catch((error: unknown) => {
        const code = (error as { code?: string }).code;
        const message =
          code === 'ECONNREFUSED'
            ? 'Connection refused'
            : code === 'ECONNRESET'
              ? 'Connection reset by peer'
              : String((error as Error).message ?? error);
        this.webhookFailed(update, at, message);
        return false;
      })
      .then((ok) => {
        this.delivering = false;
        if (this.closed) return;
        if (ok) {
          setImmediate(() => this.pumpWebhook());
        } else {
          const delay = this.retryDelayMs;
          this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.options.webhookRetryMaxMs ?? 1000);
          this.retryTimer = setTimeout(() => this.pumpWebhook(), delay);
        }
      });
  }

  private webhookFailed(update: TgUpdate, at: number, message: string, status?: number): void {
    this.webhookDeliveries.push({
      updateId: update.update_id,
      at,
      ok: false,
      error: message,
      ...(status ? { status } : {}),
    });
    if (this.webhook) {
      this.webhook.lastErrorDate = Math.floor(Date.now() / 1000);
      this.webhook.lastErrorMessage = message;
    }
  }

  /** Telegram executes a method returned in the webhook's HTTP response (telegraf's webhookReply). */
  private async runWebhookReply(body: Buffer, contentType: string): Promise<void> {
    if (body.length === 0) return;
    let params: Params;
    try {
      params = await parseParams(body, contentType || 'application/json', JSON_FIELDS);
    } catch {
      return;
    }
    const requested = typeof params.method === 'string' ? params.method : undefined;
    if (!requested) return;
    const entry = this.handlers.get(requested.toLowerCase());
    const method = entry?.name ?? requested;
    delete params.method;
    const at = Date.now();
    const { status, body: response } = await this.answer(
      this.options.token,
      method,
      params,
      this.closing.signal,
    );
    this.journal.push({
      method,
      params,
      at,
      status,
      response,
      httpMethod: 'WEBHOOK-REPLY',
      viaWebhookReply: true,
    });
  }

  private buildHandlers(): Map<string, { name: string; handler: Handler }> {
    const w = this.world;
    const table: Record<string, Handler> = {
      getMe: () => w.getMe(),
      getUpdates: (p, signal) => this.getUpdates(p, signal),
      setWebhook: (p) => this.setWebhook(p),
      deleteWebhook: (p) => this.deleteWebhook(p),
      getWebhookInfo: () => this.getWebhookInfo(),
      sendMessage: (p) => w.sendMessage(p),
      sendPhoto: (p) => w.sendPhoto(p),
      sendDocument: (p) => w.sendDocument(p),
      sendVoice: (p) => w.sendVoice(p),
      sendLocation: (p) => w.sendLocation(p),
      sendChatAction: (p) => w.sendChatAction(p),
      editMessageText: (p) => w.editMessageText(p),
      editMessageCaption: (p) => w.editMessageCaption(p),
      editMessageReplyMarkup: (p) => w.editMessageReplyMarkup(p),
      deleteMessage: (p) => w.deleteMessage(p),
      answerCallbackQuery: (p) => w.answerCallbackQuery(p),
      setMyCommands: (p) => w.setMyCommands(p),
      getMyCommands: (p) => w.getMyCommands(p),
      deleteMyCommands: (p) => w.deleteMyCommands(p),
      getFile: (p) => w.getFile(p),
      getChat: (p) => w.getChat(p),
    };
    return new Map(Object.entries(table).map(([name, handler]) => [name.toLowerCase(), { name, handler }]));
  }
}

/** A simulated Telegram user; every action returns what it enqueued. */
export class SimulatedTelegramUser {
  constructor(
    private readonly fake: FakeTelegram,
    readonly from: TgUser,
  ) {}

  get chatId(): number {
    return this.from.id;
  }

  sendText(text: string, options?: { replyTo?: number }): Enqueued {
    return this.fake.sendText(this.from, text, options);
  }

  sendCommand(command: string, args?: string): Enqueued {
    return this.fake.sendCommand(this.from, command, args);
  }

  sendPhoto(options?: Parameters<FakeTelegram['sendPhoto']>[1]): Enqueued {
    return this.fake.sendPhoto(this.from, options);
  }

  sendDocument(options?: Parameters<FakeTelegram['sendDocument']>[1]): Enqueued {
    return this.fake.sendDocument(this.from, options);
  }

  sendVoice(options?: Parameters<FakeTelegram['sendVoice']>[1]): Enqueued {
    return this.fake.sendVoice(this.from, options);
  }

  sendLocation(location: { latitude: number; longitude: number }): Enqueued {
    return this.fake.sendLocation(this.from, location);
  }

  sendContact(contact: Parameters<FakeTelegram['sendContact']>[1]): Enqueued {
    return this.fake.sendContact(this.from, contact);
  }

  editText(messageId: number, newText: string): Enqueued {
    return this.fake.editText(this.from, messageId, newText);
  }

  pressButton(press: { messageId: number; data: string; force?: boolean }): Enqueued {
    return this.fake.pressButton(this.from, press);
  }

  /** Texts the bot sent to this user. */
  received(): string[] {
    return this.fake.messagesTo(this.chatId);
  }

  waitForMessage(text?: string | RegExp, options?: WaitOptions): Promise<TgMessage> {
    return this.fake.waitForMessageTo(this.chatId, text, options);
  }

  block(): void {
    this.fake.registerChat(this.from);
    this.fake.blockChat(this.chatId);
  }
}

function tooManyRequests(retryAfter: number): TelegramApiError {
  return new TelegramApiError(429, `Too Many Requests: retry after ${retryAfter}`, {
    retry_after: retryAfter,
  });
}

function faultError(fault: Exclude<TelegramFault, { network: 'reset' }>): TelegramApiError {
  if (fault.status === 429) {
    const retryAfter = 'retryAfter' in fault && fault.retryAfter !== undefined ? fault.retryAfter : 1;
    return tooManyRequests(retryAfter);
  }
  const description =
    ('description' in fault ? fault.description : undefined) ??
    SERVER_ERRORS[fault.status] ??
    CLIENT_ERRORS[fault.status] ??
    'Error';
  return new TelegramApiError(fault.status, description);
}

function retryHeaders(error: TelegramApiError): { headers?: Record<string, string> } {
  const retryAfter = error.parameters?.retry_after;
  return retryAfter === undefined ? {} : { headers: { 'retry-after': String(retryAfter) } };
}

function describeRequest(r: TelegramRequest): string {
  const { method, params, status } = r;
  const shown = Object.fromEntries(Object.entries(params).filter(([k]) => k !== 'reply_markup'));
  const desc = status === 200 ? '' : ` — ${String(r.response.description ?? '')}`;
  return `${method} ${status}${desc} ${truncate(JSON.stringify(shown))}`;
}
