import type { OutboxMessage } from './outbox-message.js';

/** The platform a message goes to. */
export type OutboxPlatform = 'telegram' | 'slack';

/** A rate-limited destination a transport waits for before each call. */
export type RateBucket =
  | { scope: 'slack-channel'; id: string }
  /** All of the app's Slack posts: paused as a whole when Slack answers 429 (Retry-After is per method). */
  | { scope: 'slack-workspace' }
  | { scope: 'telegram-chat'; id: string }
  | { scope: 'telegram-global' };

/** What a successful delivery produced, kept on the outbox row and passed to `hooks.delivered`. */
export type DeliveryResult =
  | { platform: 'telegram'; chatId: number; messageIds: number[] }
  | {
      platform: 'slack';
      channel: string;
      ts: string;
      /** True when an uncertain attempt found the post already in Slack and sent nothing. */
      found?: boolean;
    }
  | { platform: 'slack'; updated: { channel: string; ts: string }[] };

/** What the dispatcher tells a transport about one attempt. */
export interface DeliveryContext {
  /** 1 for the first attempt. */
  attempt: number;
  firstAttemptAt?: Date;
  /**
   * An earlier attempt may have reached the platform (the process died mid-call, or the call timed out or got a
   * 5xx): check whether it was delivered before sending again, where the platform allows it.
   */
  uncertain: boolean;
  /** What the transport recorded with {@link DeliveryContext.saveProgress} during earlier attempts. */
  progress?: unknown;
  /** Records partial progress (parts already sent) durably, so a later attempt does not repeat them. */
  saveProgress?(progress: unknown): Promise<void>;
  /** Waits until every bucket allows one more call, and takes it. Rejects when the dispatcher is stopping. */
  throttle?(...buckets: RateBucket[]): Promise<void>;
}

/** Sends one kind of outbox message to one platform. */
export interface OutboxTransport {
  /** Delivers `message`; throws {@link DeliveryError} (anything else counts as a retryable, uncertain failure). */
  deliver(message: OutboxMessage, context: DeliveryContext): Promise<DeliveryResult>;
}

/** Everything known about a failed platform call. */
export interface DeliveryErrorDetails {
  platform: OutboxPlatform;
  /** API method, e.g. `sendMessage`, `chat.postMessage`. */
  method: string;
  /** HTTP status when there was a response. */
  status?: number;
  /** Platform error code: Telegram's `error_code`, Slack's `error` (`channel_not_found`), or a network code. */
  code?: string | number;
  description: string;
  /** Worth trying again later (rate limit, 5xx, network, not ready yet). */
  retryable: boolean;
  /** The platform said when to retry (Retry-After / retry_after). */
  retryAfterMs?: number;
  /** The request may have been carried out although it failed (timeout, 5xx, connection lost). */
  ambiguous?: boolean;
  /** The bucket the platform rate-limited, to pause it for everyone. */
  rateLimited?: RateBucket;
  /** What was sent, without message texts (owner privacy): ids, lengths, part numbers. */
  payload?: Record<string, unknown>;
  cause?: unknown;
}

/** A platform call failed; carries what logs and the failure hook need to explain it. */
export class DeliveryError extends Error {
  readonly platform: OutboxPlatform;
  readonly method: string;
  readonly status?: number;
  readonly code?: string | number;
  readonly description: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly ambiguous: boolean;
  readonly rateLimited?: RateBucket;
  readonly payload?: Record<string, unknown>;

  constructor(details: DeliveryErrorDetails) {
    super(
      `${details.platform} ${details.method} failed: ${details.description}` +
        (details.code !== undefined ? ` (${details.code})` : ''),
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.name = 'DeliveryError';
    this.platform = details.platform;
    this.method = details.method;
    if (details.status !== undefined) this.status = details.status;
    if (details.code !== undefined) this.code = details.code;
    this.description = details.description;
    this.retryable = details.retryable;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    this.ambiguous = details.ambiguous ?? false;
    if (details.rateLimited !== undefined) this.rateLimited = details.rateLimited;
    if (details.payload !== undefined) this.payload = details.payload;
  }

  /** A plain object for logs and the outbox row. */
  toJSON(): Record<string, unknown> {
    return {
      platform: this.platform,
      method: this.method,
      status: this.status,
      code: this.code,
      description: this.description,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      ambiguous: this.ambiguous,
      payload: this.payload,
    };
  }
}
