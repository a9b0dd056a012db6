import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Telegram, TelegramError } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Logger } from '../../logger.js';
import type { LeaseStore } from '../../models/lease-store.js';
import type { TelegramInbox } from '../../models/telegram-inbox.js';

/** Update types to ask Telegram for (`allowed_updates`). */
export type AllowedUpdates = NonNullable<Parameters<Telegram['getUpdates']>[3]>;

/** Options for {@link TelegramPoller}. */
export interface TelegramPollerOptions {
  telegram: Telegram;
  inbox: TelegramInbox;
  leases: LeaseStore;
  logger: Logger;
  /** Long-poll timeout of one getUpdates, in seconds. Default 25. */
  timeoutSec?: number;
  /** Updates per getUpdates (1–100). Default 100. */
  limit?: number;
  /** Default: Telegram's previous setting (all types but a few when never set). */
  allowedUpdates?: AllowedUpdates;
  /** Called after a batch with new updates is stored (wire to `InboxProcessor.kick`). */
  onStored?(newlyStored: number): void;
  /** This process's name on the `telegram-poller` lease. Default host, pid and a random suffix. */
  holder?: string;
  /** How long the lease lasts unless renewed; it is renewed every third of this. Default 30 s. */
  leaseTtlMs?: number;
  /** How often to try for the lease while another process holds it. Default 5 s. */
  leaseRetryMs?: number;
  /** First delay after a failure; doubles per consecutive failure up to `maxBackoffMs`. Default 1 s. */
  minBackoffMs?: number;
  /** Default 30 s. */
  maxBackoffMs?: number;
}

/** Name of the lease that makes one process at a time poll. */
export const POLLER_LEASE = 'telegram-poller';

/**
 * Telegram picks update ids at random after a week without updates, so an offset older than this is not used:
 * without an offset Telegram returns the earliest unconfirmed update, which is right after any gap.
 */
const OFFSET_MAX_AGE_MS = 6 * 24 * 3600_000;
const REQUEST_GRACE_MS = 10_000;
/** Share of a lease's term this process counts on, for clock skew and slow renewals. */
const LEASE_TRUST = 0.9;

type Abort = 'stop' | 'lease-lost' | 'timeout';

/**
 * Long polling that never lets Telegram forget an update before it is stored: getUpdates is called with the
 * offset after the last *stored* update, so a batch is confirmed only by the call that follows its storing.
 * When storing fails the offset stays and the same updates come again. One process polls at a time (lease
 * `telegram-poller`); the others wait for it.
 */
export class TelegramPoller {
  private readonly holder: string;
  private readonly timeoutSec: number;
  private readonly leaseTtlMs: number;
  private readonly stopping = new AbortController();
  private request: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private leaseValidUntil = 0;
  private renewTimer: NodeJS.Timeout | undefined;
  private last: { updateId: number; at: number } | undefined;
  private failures = 0;

  constructor(private readonly options: TelegramPollerOptions) {
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.timeoutSec = options.timeoutSec ?? 25;
    this.leaseTtlMs = options.leaseTtlMs ?? 30_000;
  }

  private get logger(): Logger {
    return this.options.logger;
  }

  /** Whether the loop is running (it ends on `stop()` or when Telegram refuses the token). */
  get running(): boolean {
    return this.loop !== undefined;
  }

  start(): void {
    if (this.loop || this.stopping.signal.aborted) return;
    this.loop = this.run()
      .catch((error: unknown) =>
        this.logger.error({ err: error }, 'Telegram poller stopped on an unexpected error'),
      )
      .finally(() => {
        this.loop = undefined;
      });
  }

  /** Cancels the long poll, lets a batch being stored finish, releases the lease; resolves once the loop ended. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.request?.abort('stop' satisfies Abort);
    await this.loop;
  }

  private get hasLease(): boolean {
    return Date.now() < this.leaseValidUntil;
  }

  private async run(): Promise<void> {
    try {
      while (!this.stopping.signal.aborted) {
        if (!this.hasLease && !(await this.takeLease())) {
          await this.pause(this.options.leaseRetryMs ?? 5000);
          continue;
        }
        const offset = this.offset();
        let updates: Update[];
        try {
          updates = await this.getUpdates(offset);
        } catch (error) {
          if (!(await this.onPollError(error))) return;
          continue;
        }
        if (updates.length === 0) {
          this.failures = 0;
          continue;
        }
        await this.storeBatch(updates);
      }
    } finally {
      await this.dropLease();
    }
  }

  private offset(now = Date.now()): number | undefined {
    return this.last && now - this.last.at < OFFSET_MAX_AGE_MS ? this.last.updateId + 1 : undefined;
  }

  private async storeBatch(updates: Update[]): Promise<void> {
    const lastUpdateId = Math.max(...updates.map((update) => update.update_id));
    try {
      const stored = await this.options.inbox.store(updates, 'polling');
      await this.options.inbox.savePollOffset(lastUpdateId);
      this.last = { updateId: lastUpdateId, at: Date.now() };
      this.failures = 0;
      this.logger.debug({ received: updates.length, stored, lastUpdateId }, 'Telegram updates stored');
      if (stored > 0) this.options.onStored?.(stored);
    } catch (error) {
      const delay = this.backoff();
      this.logger.warn(
        { err: error, updates: updates.length, retryInMs: delay },
        'could not store Telegram updates; not confirming them, Telegram will send them again',
      );
      await this.pause(delay);
    }
  }

  private async getUpdates(offset: number | undefined): Promise<Update[]> {
    const request = new AbortController();
    this.request = request;
    const watchdog = setTimeout(
      () => request.abort('timeout' satisfies Abort),
      this.timeoutSec * 1000 + REQUEST_GRACE_MS,
    );
    try {
      return await this.options.telegram.callApi(
        'getUpdates',
        {
          ...(offset === undefined ? {} : { offset }),
          limit: this.options.limit ?? 100,
          timeout: this.timeoutSec,
          ...(this.options.allowedUpdates ? { allowed_updates: this.options.allowedUpdates } : {}),
        },
        // biome-ignore lint/suspicious/noExplicitAny: telegraf types its signal as node-fetch's AbortSignal shim
        { signal: request.signal as any },
      );
    } catch (error) {
      if (request.signal.aborted) throw new PollAborted(request.signal.reason as Abort);
      throw error;
    } finally {
      clearTimeout(watchdog);
      this.request = undefined;
    }
  }

  /** Decides what a failed getUpdates means; false when polling must end. */
  private async onPollError(error: unknown): Promise<boolean> {
    if (this.stopping.signal.aborted) return false;
    const reason = error instanceof PollAborted ? error.reason : undefined;
    if (reason === 'lease-lost') return true;
    if (error instanceof TelegramError) {
      const code = error.code;
      if (code === 401 || code === 404) {
        this.logger.error(
          { code, description: error.description },
          'Telegram refused the bot token: check TELEGRAM_BOT_TOKEN (from @BotFather) and TELEGRAM_API_ROOT; ' +
            'polling stopped',
        );
        return false;
      }
      if (code === 429) {
        const retryAfterSec = retryAfterOf(error) ?? 1;
        this.logger.warn({ retryAfterSec }, 'Telegram rate-limited getUpdates; waiting as asked');
        await this.pause(retryAfterSec * 1000);
        return true;
      }
      const delay = this.backoff();
      if (code === 409) {
        this.logger.warn(
          { description: error.description, retryInMs: delay },
          /webhook/i.test(error.description)
            ? 'Telegram says a webhook is set, so it will not answer getUpdates: another instance runs in ' +
                'webhook mode (TELEGRAM_WEBHOOK_URL) or someone called setWebhook'
            : 'Telegram says another getUpdates is running with this bot token: another instance of the ' +
                'service (or another program) uses the same token',
        );
      } else {
        this.logger[code >= 500 ? 'warn' : 'error'](
          { code, description: error.description, retryInMs: delay },
          'getUpdates failed',
        );
      }
      await this.pause(delay);
      return true;
    }
    const delay = this.backoff();
    this.logger.warn(
      { err: reason === 'timeout' ? 'no answer in time' : error, retryInMs: delay },
      'could not reach Telegram for getUpdates',
    );
    await this.pause(delay);
    return true;
  }

  private backoff(): number {
    this.failures += 1;
    const min = this.options.minBackoffMs ?? 1000;
    return Math.min(min * 2 ** (this.failures - 1), this.options.maxBackoffMs ?? 30_000);
  }

  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }

  private async takeLease(): Promise<boolean> {
    let taken: boolean;
    const takenAt = Date.now();
    try {
      taken = await this.options.leases.acquire(POLLER_LEASE, this.holder, this.leaseTtlMs);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not take the Telegram poller lease (database unavailable?)');
      return false;
    }
    if (!taken) {
      this.logger.debug('another process polls Telegram; waiting for its lease');
      return false;
    }
    this.leaseValidUntil = takenAt + this.leaseTtlMs * LEASE_TRUST;
    clearInterval(this.renewTimer);
    this.renewTimer = setInterval(() => void this.renewLease(), this.leaseTtlMs / 3);
    this.logger.info({ holder: this.holder }, 'polling Telegram');
    await this.deleteWebhook();
    await this.loadOffset();
    return true;
  }

  private async renewLease(): Promise<void> {
    let renewed = false;
    const renewedAt = Date.now();
    try {
      renewed = await this.options.leases.renew(POLLER_LEASE, this.holder, this.leaseTtlMs);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not renew the Telegram poller lease');
      if (this.hasLease) return;
    }
    if (renewed) {
      this.leaseValidUntil = renewedAt + this.leaseTtlMs * LEASE_TRUST;
      return;
    }
    this.logger.warn('lost the Telegram poller lease; stopping polling until it can be taken again');
    this.leaseValidUntil = 0;
    clearInterval(this.renewTimer);
    this.request?.abort('lease-lost' satisfies Abort);
  }

  private async dropLease(): Promise<void> {
    clearInterval(this.renewTimer);
    this.leaseValidUntil = 0;
    await this.options.leases.release(POLLER_LEASE, this.holder).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not release the Telegram poller lease; it expires by itself');
    });
  }

  private async deleteWebhook(): Promise<void> {
    try {
      await this.options.telegram.deleteWebhook({ drop_pending_updates: false });
    } catch (error) {
      this.logger.warn({ err: error }, 'deleteWebhook failed; getUpdates will say whether a webhook is set');
    }
  }

  private async loadOffset(): Promise<void> {
    try {
      const saved = await this.options.inbox.pollOffset();
      if (saved && (!this.last || saved.at.getTime() > this.last.at)) {
        this.last = { updateId: saved.lastUpdateId, at: saved.at.getTime() };
      }
    } catch (error) {
      this.logger.warn(
        { err: error },
        'could not read the saved poll offset; Telegram resends what is unconfirmed',
      );
    }
  }
}

class PollAborted extends Error {
  constructor(readonly reason: Abort) {
    super(`getUpdates aborted: ${reason}`);
  }
}

function retryAfterOf(error: TelegramError): number | undefined {
  const retryAfter = error.parameters?.retry_after ?? error.response?.parameters?.retry_after;
  return typeof retryAfter === 'number' && retryAfter >= 0 ? retryAfter : undefined;
}
