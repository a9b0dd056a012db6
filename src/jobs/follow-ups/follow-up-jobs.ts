import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Connection } from 'mongoose';
import type { ReturnVisitDeps } from '../../core/follow-ups/return-visit-deps.js';
import type { FollowUpSettings } from '../../core/schedule/follow-up-settings.js';
import { createAgenda, JOBS_COLLECTION } from './create-agenda.js';
import type { JobDeps } from './job-deps.js';
import { nextDigest } from './morning-digest.job.js';
import { DEFAULT_RETRY, type RetryPolicy, registerJobs } from './register-jobs.js';
import { TicketJobScheduler } from './schedule-ticket-jobs.js';

/** Options for {@link startFollowUpJobs}: what the jobs need, but the scheduler it makes. */
export interface FollowUpJobsOptions extends Omit<JobDeps, 'scheduler'> {
  connection: Connection;
  /** Run jobs in this process (default), or only schedule them for separate workers. */
  runJobs: boolean;
  processEveryMs?: number;
  lockLifetimeMs?: number;
  retry?: RetryPolicy;
  /** How often to re-plan the jobs of every open and resolved ticket. Default 5 minutes. */
  reconcileEveryMs?: number;
}

/** Started follow-up jobs. */
export interface FollowUpJobs {
  scheduler: TicketJobScheduler;
  /** Plans the jobs of every ticket with follow-ups (what a crash between a save and its scheduling missed). */
  reconcile(): Promise<number>;
  /** Stops taking jobs and waits (up to `timeoutMs`) for running ones to finish. */
  stop(timeoutMs?: number): Promise<void>;
}

/** Finished one-off jobs are removed after this long (FerretDB scans the collection on every poll). */
const FINISHED_RETENTION_MS = 24 * 3600_000;

/**
 * Agenda on the service's connection: plans each ticket's jobs after every save, reconciles at start and
 * periodically, and (unless `runJobs` is false) runs the jobs. Several processes may do all of this on one
 * database: jobs are unique per key, and each job's sends are keyed outbox messages, so a job run twice sends once.
 */
export async function startFollowUpJobs(options: FollowUpJobsOptions): Promise<FollowUpJobs> {
  const { logger, tickets } = options;
  const log = logger.child({ component: 'jobs' });
  const agenda = await createAgenda({
    connection: options.connection,
    name: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    ...(options.processEveryMs !== undefined ? { processEveryMs: options.processEveryMs } : {}),
    ...(options.lockLifetimeMs !== undefined ? { lockLifetimeMs: options.lockLifetimeMs } : {}),
  });
  const scheduler = new TicketJobScheduler(agenda, options.settings, options.clock, log);
  const deps: JobDeps = {
    tickets,
    owners: options.owners,
    cards: options.cards,
    outbox: options.outbox,
    clock: options.clock,
    settings: options.settings,
    scheduler,
    logger: log,
  };
  registerJobs(agenda, deps, options.retry ?? DEFAULT_RETRY);
  const unsubscribe = tickets.onSaved((ticket) => scheduler.schedule(ticket));

  const reconcile = async () => {
    const all = await tickets.listForFollowUp();
    for (const ticket of all) await scheduler.schedule(ticket);
    await scheduler.ensure(nextDigest(deps, options.clock.now()));
    const db = options.connection.db;
    await db
      ?.collection(JOBS_COLLECTION)
      .deleteMany({ nextRunAt: null, lastFinishedAt: { $lt: new Date(Date.now() - FINISHED_RETENTION_MS) } });
    return all.length;
  };
  await reconcile().catch((error: unknown) => log.error({ err: error }, 'job reconciliation failed'));
  const timer = setInterval(
    () => {
      reconcile().catch((error: unknown) => log.error({ err: error }, 'job reconciliation failed'));
    },
    options.reconcileEveryMs ?? 5 * 60_000,
  );
  timer.unref();

  if (options.runJobs) {
    await agenda.start();
    log.info('follow-up jobs running');
  } else {
    log.info('follow-up jobs are scheduled here and run by separate workers (RUN_JOBS=false)');
  }

  let stopped = false;
  return {
    scheduler,
    reconcile,
    async stop(timeoutMs = 15_000) {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      if (options.runJobs) {
        const result = await agenda.drain({ timeout: timeoutMs, closeConnection: false });
        if (result.timedOut) log.warn({ running: result.running }, 'jobs still running at shutdown');
        await agenda.stop(false);
      }
    },
  };
}

/** The return-visit answer's dependencies from the same stores. */
export function returnVisitDeps(
  options: Pick<FollowUpJobsOptions, 'tickets' | 'cards' | 'clock'> & {
    settings: FollowUpSettings & { intake: { followUpWindow: number } };
  },
): ReturnVisitDeps {
  return {
    tickets: options.tickets,
    cards: options.cards,
    clock: options.clock,
    findAwaitingComment: (chatId, now, messageId) =>
      options.tickets.findAwaitingComment(chatId, now, messageId),
    settings: {
      timeZone: options.settings.timeZone,
      deadlines: options.settings.deadlines,
      supervisorsChannel: options.settings.supervisorsChannel,
      lowScore: options.settings.returnVisit.lowScore,
      commentWindowMs: options.settings.intake.followUpWindow,
    },
  };
}
