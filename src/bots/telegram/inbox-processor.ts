import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Update } from 'telegraf/types';
import type { Logger } from '../../logger.js';
import type { LeaseStore } from '../../models/lease-store.js';
import {
  describeError,
  type PendingUpdate,
  type StoredUpdate,
  type TelegramInbox,
} from '../../models/telegram-inbox.js';

/** Options for {@link InboxProcessor}. */
export interface InboxProcessorOptions {
  inbox: TelegramInbox;
  leases: LeaseStore;
  /** Handles one update (the app calls `bot.handleUpdate(update)`); a throw means "try again later". */
  handle(update: Update): Promise<void>;
  logger: Logger;
  /** How often to look for due updates besides `kick()`. Default 500 ms. */
  pollIntervalMs?: number;
  /** Attempts before an update is marked `failed` and its chat moves on. Default 8. */
  maxAttempts?: number;
  /** Wait before attempt `attempt + 1` after `attempt` failed ones. Default 1 s doubling, at most 60 s. */
  backoff?(attempt: number): number;
  /** Chats worked on at once. Default 8. */
  concurrency?: number;
  /** Lease on a chat; renewed every third of it while its updates are handled. Default 30 s. */
  leaseTtlMs?: number;
  /** This process's name on chat leases. Default host, pid and a random suffix. */
  holder?: string;
  /** How long handled updates are kept. Default 7 days. */
  retentionMs?: number;
  /** How often older handled updates are forgotten. Default hourly. */
  forgetEveryMs?: number;
}

/** Name of the lease under which one processor at a time handles a chat's updates. */
export const chatLeaseName = (chatKey: string): string => `inbox-chat:${chatKey}`;

const defaultBackoff = (attempt: number): number => Math.min(1000 * 2 ** (attempt - 1), 60_000);
const STATUS_WRITE_ATTEMPTS = 4;
const HOUR_MS = 3600_000;
const RETENTION_MS = 7 * 24 * HOUR_MS;
/** Share of a lease's term this process counts on, for clock skew and slow renewals. */
const LEASE_TRUST = 0.9;

/**
 * Hands stored updates to `handle`: one chat's strictly in `update_id` order, chats in parallel, each chat under
 * the lease `inbox-chat:<chatKey>` so that across processes only one handles it. An update is marked `done`
 * after `handle` resolved, so it is handled at least once and, once marked, never again. A failed update is
 * retried with backoff and holds back its chat's later updates until it succeeds or, after `maxAttempts`, is
 * marked `failed`.
 */
export class InboxProcessor {
  private readonly holder: string;
  private readonly maxAttempts: number;
  private readonly leaseTtlMs: number;
  private readonly concurrency: number;
  private readonly backoff: (attempt: number) => number;
  private readonly pollIntervalMs: number;
  private readonly active = new Map<string, Promise<void>>();
  /** Chats another process was working on when last tried, and when to try again. */
  private readonly busyElsewhere = new Map<string, number>();
  private wake = new AbortController();
  private stopping = false;
  private lastForgotten = 0;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: InboxProcessorOptions) {
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.leaseTtlMs = options.leaseTtlMs ?? 30_000;
    this.concurrency = options.concurrency ?? 8;
    this.backoff = options.backoff ?? defaultBackoff;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
  }

  private get logger(): Logger {
    return this.options.logger;
  }

  start(): void {
    if (this.loop || this.stopping) return;
    this.loop = this.run();
  }

  /** Looks for work now (new updates were stored). */
  kick(): void {
    this.wake.abort();
  }

  /** Takes no more work, lets the handlers running finish, releases their chats' leases. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.abort();
    await this.loop;
    await Promise.all(this.active.values());
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      if (this.wake.signal.aborted) this.wake = new AbortController();
      try {
        await this.scan();
      } catch (error) {
        this.logger.warn({ err: error }, 'could not look for Telegram updates to handle');
      }
      await this.forgetOld();
      if (this.wake.signal.aborted) continue;
      await sleep(this.pollIntervalMs, undefined, { signal: this.wake.signal }).catch(() => undefined);
    }
  }

  /** Every `forgetEveryMs`: forgets the updates handled longer than `retentionMs` ago. */
  private async forgetOld(): Promise<void> {
    const now = Date.now();
    if (now - this.lastForgotten < (this.options.forgetEveryMs ?? HOUR_MS)) return;
    this.lastForgotten = now;
    try {
      const before = new Date(now - (this.options.retentionMs ?? RETENTION_MS));
      const forgotten = await this.options.inbox.forgetDone(before);
      if (forgotten > 0) this.logger.info({ forgotten, before }, 'forgot handled Telegram updates');
    } catch (error) {
      this.logger.warn({ err: error }, 'could not forget handled Telegram updates');
    }
  }

  private async scan(): Promise<void> {
    if (this.active.size >= this.concurrency) return;
    const byChat = new Map<string, PendingUpdate[]>();
    for (const entry of await this.options.inbox.pending()) {
      const queue = byChat.get(entry.chatKey);
      if (queue) queue.push(entry);
      else byChat.set(entry.chatKey, [entry]);
    }
    const now = Date.now();
    for (const [chatKey, until] of this.busyElsewhere) if (until <= now) this.busyElsewhere.delete(chatKey);
    for (const [chatKey, queue] of byChat) {
      if (this.stopping || this.active.size >= this.concurrency) return;
      if (this.active.has(chatKey) || queue[0]!.nextAttemptAt.getTime() > now) continue;
      if (this.busyElsewhere.has(chatKey)) continue;
      const work = this.work(
        chatKey,
        queue.map((entry) => entry.updateId),
      ).then((finished) => {
        this.active.delete(chatKey);
        if (finished && !this.stopping) this.kick();
      });
      this.active.set(chatKey, work);
    }
  }

  /**
   * Handles `updateIds` (the chat's pending updates when it was looked at) in order under the chat's lease,
   * reading each again first: another process may have handled it, or set it to wait for a retry, meanwhile.
   * Resolves true when it got through all of them (the chat may have more by now).
   */
  private async work(chatKey: string, updateIds: number[]): Promise<boolean> {
    const lease = chatLeaseName(chatKey);
    const takenAt = Date.now();
    try {
      if (!(await this.options.leases.acquire(lease, this.holder, this.leaseTtlMs))) {
        this.busyElsewhere.set(chatKey, takenAt + this.pollIntervalMs);
        return false;
      }
    } catch (error) {
      this.logger.warn({ err: error, chatKey }, 'could not take a chat lease');
      return false;
    }
    let validUntil = takenAt + this.leaseTtlMs * LEASE_TRUST;
    let lost = false;
    const holds = () => !lost && Date.now() < validUntil;
    const renewal = setInterval(() => {
      const at = Date.now();
      this.options.leases.renew(lease, this.holder, this.leaseTtlMs).then(
        (renewed) => {
          if (renewed) {
            validUntil = at + this.leaseTtlMs * LEASE_TRUST;
          } else if (!lost) {
            lost = true;
            this.logger.warn({ chatKey }, 'lost the lease on a chat while handling it; leaving the chat');
          }
        },
        (error: unknown) => this.logger.warn({ err: error, chatKey }, 'could not renew a chat lease'),
      );
    }, this.leaseTtlMs / 3);
    try {
      for (const updateId of updateIds) {
        if (!holds() || this.stopping) return false;
        const update = await this.options.inbox.get(updateId);
        if (update?.status !== 'pending') continue;
        if (update.nextAttemptAt.getTime() > Date.now()) return false;
        if (!(await this.handleOne(update, holds))) return false;
      }
      return true;
    } catch (error) {
      this.logger.warn({ err: error, chatKey }, 'stopped handling a chat on a database error; will retry');
      return false;
    } finally {
      clearInterval(renewal);
      await this.options.leases.release(lease, this.holder).catch((error: unknown) => {
        this.logger.warn({ err: error, chatKey }, 'could not release a chat lease; it expires by itself');
      });
    }
  }

  /** Handles the chat's oldest update; true when the chat may go on to its next one. */
  private async handleOne(head: StoredUpdate, holds: () => boolean): Promise<boolean> {
    const updateId = head._id;
    const log = { updateId, chatKey: head.chatKey, kind: head.kind };
    const startedAt = Date.now();
    try {
      await this.options.handle(head.payload);
    } catch (error) {
      if (!holds()) return false;
      const attempts = head.attempts + 1;
      if (attempts >= this.maxAttempts) {
        await this.write(() => this.options.inbox.markFailed(updateId, attempts, error));
        this.logger.error(
          { ...log, attempts, err: error, cause: describeError(error) },
          `gave up on Telegram update ${updateId} after ${attempts} attempts; the chat's next updates go ahead`,
        );
        return true;
      }
      const retryInMs = this.backoff(attempts);
      const nextAttemptAt = new Date(Date.now() + retryInMs);
      await this.write(() => this.options.inbox.markRetry(updateId, attempts, error, nextAttemptAt));
      this.logger.warn(
        { ...log, attempts, retryInMs, err: error },
        'handling a Telegram update failed; the chat waits for its retry',
      );
      return false;
    }
    await this.write(() => this.options.inbox.markDone(updateId));
    this.logger.debug({ ...log, ms: Date.now() - startedAt }, 'Telegram update handled');
    return true;
  }

  /** A status write, retried briefly: a handled update left `pending` is handled again. */
  private async write(operation: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await operation();
        return;
      } catch (error) {
        if (attempt >= STATUS_WRITE_ATTEMPTS) throw error;
        await sleep(100 * 2 ** attempt);
      }
    }
  }
}
