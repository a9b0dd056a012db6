import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import type { Connection } from 'mongoose';
import type { OutboxMessage } from '../../core/outbox/outbox-message.js';
import {
  DeliveryError,
  type DeliveryResult,
  type OutboxPlatform,
  type OutboxTransport,
  type RateBucket,
} from '../../core/outbox/outbox-transport.js';
import type { Logger } from '../../logger.js';
import { LeaseStore } from '../../models/lease-store.js';
import {
  decodeMessage,
  ensureOutboxIndexes,
  type OutboxAttemptDocument,
  type OutboxDocument,
  outboxAttemptModel,
  outboxDoneCollection,
  outboxModel,
} from '../../models/outbox-model.js';
import { type BackoffOptions, backoffDelay } from './backoff.js';
import { RateLimiter, type RateLimits, ThrottleAbortedError } from './rate-limiter.js';

/** Called after a message's outcome is known. */
export interface OutboxHooks {
  /** After the message was marked sent (best effort: an error here is logged, the message stays sent). */
  delivered?(message: OutboxMessage, result: DeliveryResult): void | Promise<void>;
  /**
   * Before the message is marked failed for good. Called again if marking fails (a crash, the database away), so it
   * must be idempotent, e.g. enqueue its notice under a key derived from `message.key`.
   */
  failed?(message: OutboxMessage, error: DeliveryError): void | Promise<void>;
}

/** Options for {@link OutboxDispatcher}. */
export interface OutboxDispatcherOptions {
  connection: Connection;
  /** A platform without a transport (no credentials) is not sent to: its messages stay pending. */
  transports: Partial<Record<OutboxPlatform, OutboxTransport>>;
  hooks?: OutboxHooks;
  logger: Logger;
  /** The time for rows and leases. Default `new Date()`. */
  clock?: () => Date;
  /** Something that says when a message was enqueued in this process (a `MongoOutbox`), to start at once. */
  outbox?: { onEnqueued(listener: (orderKeys: string[]) => void): () => void };
  /** How often to look for due messages when nothing wakes the dispatcher. Default 500 ms. */
  pollIntervalMs?: number;
  /** How long a claim on an order key lasts unless renewed (it is renewed every third of it). Default 30 s. */
  leaseMs?: number;
  backoff?: BackoffOptions;
  /** Attempts before a message fails for good (a rate-limited attempt never fails it). Default 30 (about 2 h). */
  maxAttempts?: number;
  rateLimits?: RateLimits;
  /** Order keys worked on at once. Default 16. */
  concurrency?: number;
  /** Name of this dispatcher in leases; default host, pid and a random suffix. */
  holder?: string;
}

type Row = OutboxDocument;

const ACTIVE = ['pending', 'sending'] as const;
const ATTEMPT_RETENTION_MS = 7 * 24 * 3600_000;

/**
 * Delivers outbox messages: per order key strictly in enqueue order, each claimed with a lease and each attempt
 * with a unique insert, retried with backoff, within the platforms' rate limits.
 */
export class OutboxDispatcher {
  private readonly leases: LeaseStore;
  private readonly limiter: RateLimiter;
  private readonly log: Logger;
  private readonly clock: () => Date;
  private readonly holder: string;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly concurrency: number;
  private readonly platforms: OutboxPlatform[];
  private readonly workers = new Map<string, Promise<void>>();
  /** Order keys not to look at before a time: head not due yet, or claimed by another dispatcher. */
  private readonly skipUntil = new Map<string, number>();
  /** Progress recorded by transports in this process, in case the database did not take it. */
  private readonly localProgress = new Map<string, unknown>();
  private stopping = new AbortController();
  private running = false;
  private loopDone: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private kicked = false;
  private unsubscribe: (() => void) | undefined;
  private lastCleanup = 0;

  constructor(private readonly options: OutboxDispatcherOptions) {
    this.leases = new LeaseStore(options.connection);
    this.limiter = new RateLimiter(options.rateLimits);
    this.log = options.logger;
    this.clock = options.clock ?? (() => new Date());
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? 30;
    this.concurrency = options.concurrency ?? 16;
    this.platforms = (Object.keys(options.transports) as OutboxPlatform[]).filter(
      (p) => options.transports[p] !== undefined,
    );
  }

  private get rows() {
    return outboxModel(this.options.connection);
  }

  private get attempts() {
    return this.options.connection.collection<OutboxAttemptDocument>(
      outboxAttemptModel(this.options.connection).collection.collectionName,
    );
  }

  /** Starts delivering in the background. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = new AbortController();
    // Every worker may wait on the rate limiter with this signal at once; more listeners than that are a leak.
    setMaxListeners(this.concurrency + 1, this.stopping.signal);
    this.unsubscribe = this.options.outbox?.onEnqueued((orderKeys) => {
      for (const orderKey of orderKeys) this.skipUntil.delete(orderKey);
      this.kick();
    });
    this.loopDone = this.loop();
    this.log.info({ holder: this.holder, platforms: this.platforms }, 'outbox dispatcher started');
  }

  /** Looks for work now instead of at the next poll. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /** Stops taking work, lets the deliveries in flight finish, and releases their leases. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    this.stopping.abort();
    this.wake?.();
    await this.loopDone;
    await Promise.allSettled([...this.workers.values()]);
    this.log.info({ holder: this.holder }, 'outbox dispatcher stopped');
  }

  private async loop(): Promise<void> {
    let ready = false;
    let failures = 0;
    while (this.running) {
      let wait = this.pollIntervalMs;
      try {
        if (!ready) {
          await ensureOutboxIndexes(this.options.connection);
          ready = true;
        }
        this.kicked = false;
        const again = await this.scan();
        await this.cleanup();
        failures = 0;
        if (again) wait = 0;
      } catch (error) {
        failures += 1;
        wait = Math.min(this.pollIntervalMs * 2 ** failures, 10_000);
        this.log.warn({ err: (error as Error).message, retryInMs: wait }, 'outbox scan failed');
      }
      if (this.running && !this.kicked) await this.sleep(wait);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  /** Starts workers for due order keys; true when it should look again at once. */
  private async scan(): Promise<boolean> {
    if (this.platforms.length === 0) return false;
    const free = this.concurrency - this.workers.size;
    if (free <= 0) return false;
    const now = this.clock();
    for (const [key, until] of this.skipUntil) if (until <= now.getTime()) this.skipUntil.delete(key);
    const excluded = [...this.workers.keys(), ...this.skipUntil.keys()];
    const due = await this.rows
      .find(
        {
          status: { $in: ACTIVE },
          nextAttemptAt: { $lte: now },
          platform: { $in: this.platforms },
          ...(excluded.length ? { orderKey: { $nin: excluded } } : {}),
        },
        { orderKey: 1 },
      )
      .sort({ nextAttemptAt: 1 })
      .limit(Math.max(50, free * 8))
      .lean<Pick<Row, 'orderKey'>[]>();
    const keys = [...new Set(due.map((row) => row.orderKey))];
    let started = 0;
    for (const orderKey of keys) {
      if (!this.running || this.workers.size >= this.concurrency) break;
      if (!(await this.leases.acquire(leaseName(orderKey), this.holder, this.leaseMs, this.clock()))) {
        this.skipUntil.set(orderKey, Date.now() + Math.min(this.leaseMs, this.pollIntervalMs * 2));
        continue;
      }
      started += 1;
      const worker = this.work(orderKey).finally(() => {
        this.workers.delete(orderKey);
        this.kick();
      });
      this.workers.set(orderKey, worker);
    }
    return keys.length > 0 && started < keys.length && this.workers.size < this.concurrency;
  }

  /** Delivers the order key's messages one after the other while it holds the lease. */
  private async work(orderKey: string): Promise<void> {
    const lease = leaseName(orderKey);
    let lost = false;
    let renewing: Promise<void> = Promise.resolve();
    const renew = async (): Promise<void> => {
      try {
        if (!(await this.leases.renew(lease, this.holder, this.leaseMs, this.clock())) && !lost) {
          lost = true;
          this.log.warn({ orderKey }, 'outbox lease lost; stopping after the delivery in flight');
        }
      } catch (error) {
        this.log.warn({ orderKey, err: (error as Error).message }, 'outbox lease renewal failed');
      }
    };
    const renewal = setInterval(
      () => {
        renewing = renewing.then(renew);
      },
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    try {
      while (this.running && !lost) {
        const head = await this.rows
          .findOne({ orderKey, status: { $in: ACTIVE } })
          .sort({ enqueuedAt: 1, seq: 1, _id: 1 })
          .lean<Row>();
        if (!head) break;
        if (!this.options.transports[head.platform]) break;
        const waitMs = head.nextAttemptAt.getTime() - this.clock().getTime();
        if (waitMs > 0) {
          this.skipUntil.set(orderKey, Date.now() + (head.held ? this.pollIntervalMs : waitMs));
          break;
        }
        if (!(await this.attempt(head))) break;
      }
    } catch (error) {
      this.log.warn({ orderKey, err: (error as Error).message }, 'outbox worker failed; will retry');
      this.skipUntil.set(orderKey, Date.now() + this.pollIntervalMs);
    } finally {
      clearInterval(renewal);
      // A renewal racing the release could write the lease back on servers without atomic updates (FerretDB 1.x).
      await renewing;
      await this.leases
        .release(lease, this.holder)
        .catch((error: unknown) =>
          this.log.warn({ orderKey, err: (error as Error).message }, 'could not release outbox lease'),
        );
    }
  }

  /** One attempt at the head message; false when the order key should not go on now. */
  private async attempt(head: Row): Promise<boolean> {
    const transport = this.options.transports[head.platform]!;
    const message = decodeMessage(head.message);
    const id = String(head._id);
    if (await this.finishedAlready(head)) return true;
    const attempt = await this.claim(head);
    const who = {
      key: head.key,
      kind: head.kind,
      orderKey: head.orderKey,
      attempt: attempt ?? head.attempts + 1,
    };
    if (attempt === undefined) {
      this.log.warn(who, 'outbox attempt already claimed by another dispatcher');
      this.skipUntil.set(head.orderKey, Date.now() + this.leaseMs);
      return false;
    }
    const uncertain = head.status === 'sending' || head.uncertain === true;
    const startedAt = this.clock();
    const firstAttemptAt = head.firstAttemptAt ?? startedAt;
    const sending = {
      status: 'sending' as const,
      attempts: attempt,
      attemptStartedAt: startedAt,
      attemptBy: this.holder,
      firstAttemptAt,
    };
    const marked = await this.rows.updateOne(
      { _id: head._id, status: head.status, attempts: head.attempts },
      { $set: sending },
    );
    if (marked.matchedCount === 0) {
      this.log.warn(who, 'outbox message changed under this dispatcher; leaving it');
      return false;
    }
    if (uncertain) this.log.info(who, 'outbox message may have been sent already; the transport checks');
    let result: DeliveryResult | undefined;
    let failure: DeliveryError | undefined;
    try {
      result = await transport.deliver(message, {
        attempt,
        firstAttemptAt,
        uncertain,
        progress: this.localProgress.get(id) ?? head.progress,
        saveProgress: (progress) => this.saveProgress(head, progress),
        throttle: (...buckets: RateBucket[]) => this.limiter.take(buckets, this.stopping.signal),
      });
    } catch (error) {
      if (error instanceof ThrottleAbortedError || (error as Error)?.cause instanceof ThrottleAbortedError) {
        await this.persist(head, { status: 'pending', nextAttemptAt: this.clock(), uncertain });
        return false;
      }
      failure = toDeliveryError(error, head.platform);
    }
    if (result) {
      await this.finish({
        ...head,
        ...sending,
        status: 'sent',
        result,
        sentAt: this.clock(),
        uncertain: false,
      });
      this.localProgress.delete(id);
      this.log.debug({ ...who, result }, 'outbox message delivered');
      try {
        await this.options.hooks?.delivered?.(message, result);
      } catch (error) {
        this.log.error({ ...who, err: (error as Error).message }, 'outbox delivered hook failed');
      }
      return true;
    }
    const error = failure!;
    if (error.rateLimited && error.retryAfterMs !== undefined) {
      this.limiter.pause(error.rateLimited, error.retryAfterMs);
    }
    const rateLimited = error.status === 429 || error.code === 'ratelimited';
    if (error.retryable && (rateLimited || attempt < this.maxAttempts)) {
      const retryInMs = backoffDelay(attempt, this.options.backoff, error.retryAfterMs);
      this.log.warn({ ...who, error: error.toJSON(), retryInMs }, 'outbox delivery failed; will retry');
      await this.persist(head, {
        status: 'pending',
        nextAttemptAt: new Date(this.clock().getTime() + retryInMs),
        lastError: error.toJSON(),
        uncertain: uncertain || error.ambiguous,
      });
      this.skipUntil.set(head.orderKey, Date.now() + retryInMs);
      return false;
    }
    this.log.warn(
      { ...who, error: error.toJSON(), exhausted: error.retryable },
      error.retryable ? 'outbox message failed after its last attempt' : 'outbox message refused',
    );
    await this.runFailedHook(head, message, error);
    await this.finish({
      ...head,
      ...sending,
      status: 'failed',
      failedAt: this.clock(),
      lastError: error.toJSON(),
    });
    this.localProgress.delete(id);
    return true;
  }

  /**
   * Claims the next attempt of `head` by a unique insert and returns its number; undefined when another dispatcher
   * has it. A claim left by a dispatcher that died before marking the row (so before calling the platform) is stale
   * after a lease period, and its number is skipped.
   */
  private async claim(head: Row): Promise<number | undefined> {
    const id = String(head._id);
    for (let n = head.attempts + 1; n <= head.attempts + 3; n++) {
      try {
        await this.attempts.insertOne({ _id: `${id}:${n}`, holder: this.holder, at: this.clock() });
        return n;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
      }
      const existing = await this.attempts.findOne({ _id: `${id}:${n}` });
      if (!existing || existing.at.getTime() >= this.clock().getTime() - this.leaseMs) return undefined;
    }
    return undefined;
  }

  private async saveProgress(head: Row, progress: unknown): Promise<void> {
    this.localProgress.set(String(head._id), progress);
    try {
      await this.rows.updateOne({ _id: head._id }, { $set: { progress } });
    } catch (error) {
      this.log.warn({ key: head.key, err: (error as Error).message }, 'could not record outbox progress');
    }
  }

  /** Runs `hooks.failed` before the row is marked failed, so a crash in between runs it again rather than never. */
  private async runFailedHook(head: Row, message: OutboxMessage, error: DeliveryError): Promise<void> {
    const hook = this.options.hooks?.failed;
    if (!hook) return;
    for (let tries = 1; tries <= 5; tries++) {
      try {
        await hook(message, error);
        return;
      } catch (hookError) {
        this.log.error(
          { key: head.key, err: (hookError as Error).message, tries },
          'outbox failed hook failed',
        );
        if (tries < 5 && this.running) await delay(Math.min(250 * 2 ** tries, 5000));
        else return;
      }
    }
  }

  /**
   * Writes an attempt's outcome, retrying while the database is away: the delivery happened, so forgetting it would
   * send it again. Gives up only when stopping; the row then stays `sending` and the next attempt treats it as
   * uncertain.
   */
  private async persist(head: Row, set: Partial<Row>): Promise<void> {
    for (let tries = 1; ; tries++) {
      try {
        await this.rows.updateOne({ _id: head._id }, { $set: set });
        return;
      } catch (error) {
        const give = !this.running && tries >= 3;
        this.log.error(
          {
            key: head.key,
            orderKey: head.orderKey,
            status: set.status,
            err: (error as Error).message,
            tries,
          },
          give ? 'could not record outbox outcome; giving up' : 'could not record outbox outcome; retrying',
        );
        if (give) throw error;
        await delay(Math.min(250 * 2 ** tries, 5000));
      }
    }
  }

  /**
   * Records a finished message in `outbox_done` (under its key, so enqueueing it again stays a no-op), retrying while
   * the database is away as {@link OutboxDispatcher.persist} does, then removes its row from `outbox`. A row left
   * behind is removed by the next attempt, which looks in `outbox_done` first.
   */
  private async finish(row: Row): Promise<void> {
    const { _id, ...rest } = row;
    for (let tries = 1; ; tries++) {
      try {
        await outboxDoneCollection(this.options.connection).insertOne({
          ...rest,
          _id: row.key,
          rowId: _id,
          updatedAt: this.clock(),
          archivedAt: this.clock(),
        });
        break;
      } catch (error) {
        if ((error as { code?: number }).code === 11000) break;
        const give = !this.running && tries >= 3;
        this.log.error(
          { key: row.key, orderKey: row.orderKey, status: row.status, err: (error as Error).message, tries },
          give ? 'could not record outbox outcome; giving up' : 'could not record outbox outcome; retrying',
        );
        if (give) throw error;
        await delay(Math.min(250 * 2 ** tries, 5000));
      }
    }
    await this.rows
      .deleteOne({ _id })
      .catch((error: unknown) =>
        this.log.warn(
          { key: row.key, err: (error as Error).message },
          'could not remove finished outbox row',
        ),
      );
  }

  /** Whether an earlier attempt's outcome was recorded although its row stayed; removes the row if so. */
  private async finishedAlready(head: Row): Promise<boolean> {
    if (head.attempts === 0) return false;
    const done = await outboxDoneCollection(this.options.connection).findOne(
      { _id: head.key },
      { projection: { _id: 1 } },
    );
    if (!done) return false;
    await this.rows.deleteOne({ _id: head._id });
    return true;
  }

  /** Hourly: forgets attempt claims older than a week. */
  private async cleanup(): Promise<void> {
    const now = Date.now();
    if (now - this.lastCleanup < 3600_000) return;
    this.lastCleanup = now;
    await this.attempts.deleteMany({ at: { $lt: new Date(this.clock().getTime() - ATTEMPT_RETENTION_MS) } });
  }
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const leaseName = (orderKey: string): string => `outbox:${orderKey}`;

/** Anything a transport throws that is not a DeliveryError is a retryable failure whose outcome is unknown. */
function toDeliveryError(error: unknown, platform: OutboxPlatform): DeliveryError {
  if (error instanceof DeliveryError) return error;
  return new DeliveryError({
    platform,
    method: 'deliver',
    description: (error as Error)?.message ?? String(error),
    retryable: true,
    ambiguous: true,
    cause: error,
  });
}
