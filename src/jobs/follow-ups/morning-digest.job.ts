import type { Job } from 'agenda';
import type { CardLocation } from '../../core/ports.js';
import { digestText } from '../../core/presenters/slack/follow-up-texts.js';
import { digestStats, localDay, nextDailyAt } from '../../core/schedule/digest-stats.js';
import { JOB_NAMES, type JobData, type JobDeps } from './job-deps.js';
import type { PlannedJob } from './schedule-ticket-jobs.js';

export const name = JOB_NAMES.digest;

export interface DigestData extends JobData {
  day: string;
}

/** The digest job due next after `now` (one per local day, keyed by it). */
export function nextDigest(deps: Pick<JobDeps, 'settings'>, now: Date): PlannedJob {
  const at = nextDailyAt(now, deps.settings.digest.time, deps.settings.timeZone);
  const day = localDay(at, deps.settings.timeZone);
  return { name, at, data: { jobKey: `digest:${day}`, day } };
}

/**
 * The supervisors' morning digest: new, open and overdue tickets by department and urgency, median times to
 * acknowledge and resolve, reopenings, satisfaction, and the overdue list with links to the cards. Posted under
 * the day's key (once per day however often it runs), then the next day's digest is planned.
 */
export async function run(deps: JobDeps, job: Job<DigestData>): Promise<void> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - 86_400_000);
  const tickets = await deps.tickets.listForDigest(since);
  const stats = digestStats(tickets, now, since);
  const cards = new Map<string, CardLocation>();
  for (const item of stats.overdueList.slice(0, 30)) {
    const card = await deps.cards.current(item.ticket.id);
    if (card) cards.set(item.ticket.id, card);
  }
  await deps.outbox.enqueue([
    {
      key: `digest:${job.attrs.data.day}`,
      kind: 'slack.message',
      channel: deps.settings.supervisorsChannel,
      text: digestText(stats, cards),
    },
  ]);
  await deps.scheduler.ensure(nextDigest(deps, new Date(now.getTime() + 60_000)));
}
