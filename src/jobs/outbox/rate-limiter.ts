import type { RateBucket } from '../../core/outbox/outbox-transport.js';

/** A steady rate with a short burst on top. */
export interface RateLimit {
  perSecond: number;
  /** Calls allowed at once after a quiet spell. Default 1. */
  burst?: number;
}

/** Limits per kind of bucket. */
export interface RateLimits {
  /** Slack chat.postMessage per channel. Default 0.9/s (a margin under Slack's 1/s), burst 3. */
  slackChannel?: RateLimit;
  /** Slack posts overall. Default 20/s, burst 20. */
  slackWorkspace?: RateLimit;
  /** Telegram messages per chat. Default 0.9/s, burst 1. */
  telegramChat?: RateLimit;
  /** Telegram messages overall. Default 30/s, burst 1 (evenly spaced). */
  telegramGlobal?: RateLimit;
}

const DEFAULTS: Required<RateLimits> = {
  slackChannel: { perSecond: 0.9, burst: 3 },
  slackWorkspace: { perSecond: 20, burst: 20 },
  telegramChat: { perSecond: 0.9, burst: 1 },
  telegramGlobal: { perSecond: 30, burst: 1 },
};

/** The dispatcher stopped while a delivery waited for its turn. */
export class ThrottleAbortedError extends Error {
  constructor() {
    super('the dispatcher is stopping');
    this.name = 'ThrottleAbortedError';
  }
}

interface Schedule {
  /** Theoretical arrival time of the next call (GCRA), ms. */
  tat: number;
  intervalMs: number;
  toleranceMs: number;
}

/**
 * In-process rate limiting by the generic cell rate algorithm, counted at the moment each call is let through (a
 * timer that fires late never lets the next call come early): a caller whose buckets are all free goes at once,
 * otherwise it sleeps until the earliest moment they could be and looks again.
 */
export class RateLimiter {
  private readonly limits: Required<RateLimits>;
  private readonly schedules = new Map<string, Schedule>();

  constructor(
    limits: RateLimits = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULTS, ...limits };
  }

  /** Waits until every bucket allows one more call and takes it; rejects with {@link ThrottleAbortedError} on abort. */
  async take(buckets: readonly RateBucket[], signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new ThrottleAbortedError();
      const wait = this.tryTake(buckets);
      if (wait <= 0) return;
      await sleep(wait, signal);
    }
  }

  /** Takes one call in every bucket if they all allow it now (0); otherwise takes nothing and says how long to wait. */
  tryTake(buckets: readonly RateBucket[]): number {
    const now = this.now();
    const schedules = buckets.map((bucket) => this.schedule(bucket));
    const wait = Math.max(0, ...schedules.map((s) => s.tat - s.toleranceMs - now));
    if (wait > 0) return Math.ceil(wait);
    for (const s of schedules) s.tat = Math.max(s.tat, now) + s.intervalMs;
    if (this.schedules.size > 10_000) this.forgetIdle(now);
    return 0;
  }

  /** No call in `bucket` for `ms` (the platform said so). */
  pause(bucket: RateBucket, ms: number): void {
    const s = this.schedule(bucket);
    s.tat = Math.max(s.tat, this.now() + ms + s.toleranceMs);
  }

  private forgetIdle(now: number): void {
    for (const [name, s] of this.schedules) if (s.tat < now) this.schedules.delete(name);
  }

  private schedule(bucket: RateBucket): Schedule {
    const name = 'id' in bucket ? `${bucket.scope}:${bucket.id}` : bucket.scope;
    let s = this.schedules.get(name);
    if (!s) {
      const limit = this.limitOf(bucket);
      const intervalMs = 1000 / limit.perSecond;
      s = { tat: 0, intervalMs, toleranceMs: (Math.max(1, limit.burst ?? 1) - 1) * intervalMs };
      this.schedules.set(name, s);
    }
    return s;
  }

  private limitOf(bucket: RateBucket): RateLimit {
    switch (bucket.scope) {
      case 'slack-channel':
        return this.limits.slackChannel;
      case 'slack-workspace':
        return this.limits.slackWorkspace;
      case 'telegram-chat':
        return this.limits.telegramChat;
      case 'telegram-global':
        return this.limits.telegramGlobal;
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new ThrottleAbortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
