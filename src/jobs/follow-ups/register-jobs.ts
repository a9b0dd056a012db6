import { type Agenda, backoffStrategies, type Job, type JobWithId } from 'agenda';
import { jobFailedText } from '../../core/presenters/slack/follow-up-texts.js';
import * as closeVisit from './close-unanswered-visit.job.js';
import * as escalate from './escalate-ticket.job.js';
import type { JobData, JobDeps } from './job-deps.js';
import * as digest from './morning-digest.job.js';
import * as page from './page-on-duty.job.js';
import * as returnVisit from './return-visit.job.js';

/** How failing jobs are retried: Agenda's exponential backoff, 1 s, 2 s, 4 s… five times. */
export interface RetryPolicy {
  delayMs: number;
  maxRetries: number;
}

export const DEFAULT_RETRY: RetryPolicy = { delayMs: 1000, maxRetries: 5 };

// biome-ignore lint/suspicious/noExplicitAny: each job module types its own data
const JOBS: { name: string; run: (deps: JobDeps, job: Job<any>) => Promise<void> }[] = [
  escalate,
  page,
  returnVisit,
  closeVisit,
  digest,
];

/**
 * Defines every follow-up job on `agenda`. A job that throws is retried with backoff; after the last retry the
 * failure is posted in the ticket's thread (under a key of the job, so once).
 */
export function registerJobs(agenda: Agenda, deps: JobDeps, retry: RetryPolicy = DEFAULT_RETRY): void {
  for (const job of JOBS) {
    agenda.define<JobData>(job.name, (agendaJob) => job.run(deps, agendaJob), {
      concurrency: 8,
      backoff: backoffStrategies.exponential({ delay: retry.delayMs, maxRetries: retry.maxRetries }),
    });
  }
  agenda.on('fail', (error: Error | string, job: { attrs?: { name?: string; data?: unknown } }) => {
    deps.logger.warn({ err: error, job: job.attrs?.name, data: job.attrs?.data }, 'follow-up job failed');
  });
  agenda.on('retry exhausted', (error: Error, job: JobWithId) => {
    const { ticketId, jobKey } = (job.attrs.data ?? {}) as Partial<JobData>;
    deps.logger.error(
      { err: error, job: job.attrs.name, jobKey },
      'follow-up job failed after its last retry',
    );
    if (!ticketId) return;
    deps.outbox
      .enqueue([
        {
          key: `job:${jobKey}:failed`,
          kind: 'slack.thread',
          ticketId,
          text: jobFailedText(job.attrs.name, error.message),
        },
      ])
      .catch((enqueueError: unknown) =>
        deps.logger.error({ err: enqueueError, jobKey }, 'could not report the failed job in the thread'),
      );
  });
}
