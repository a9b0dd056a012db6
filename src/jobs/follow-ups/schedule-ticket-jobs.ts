import type { Agenda } from 'agenda';
import type { Clock } from '../../core/ports.js';
import { escalationPlan } from '../../core/schedule/escalation-plan.js';
import type { FollowUpSettings } from '../../core/schedule/follow-up-settings.js';
import { pagePlan } from '../../core/schedule/on-duty-plan.js';
import { currentVisit, returnVisitAt } from '../../core/schedule/return-visit-plan.js';
import type { Ticket } from '../../core/tickets/ticket.js';
import type { Logger } from '../../logger.js';
import { JOB_NAMES } from './job-deps.js';

/** A job a ticket calls for: its name, unique key, when it is due and its data. */
export interface PlannedJob {
  name: string;
  at: Date;
  data: { jobKey: string; ticketId?: string } & Record<string, unknown>;
}

/** Steps older than this are not planned again (a worker that was down this long has more to worry about). */
export const PLAN_HORIZON_MS = 6 * 3600_000;

/**
 * The jobs `ticket` calls for as of `now`. Each key names the ticket, the purpose and the planned time, so a
 * re-planned deadline makes new jobs and the old ones find themselves stale when they run.
 */
export function plannedJobs(ticket: Ticket, settings: FollowUpSettings, now: Date): PlannedJob[] {
  const jobs: PlannedJob[] = [];
  for (const step of escalationPlan(ticket, settings, now)) {
    jobs.push({
      name: JOB_NAMES.escalate,
      at: step.at,
      data: {
        jobKey: `escalate:${ticket.id}:${step.id}`,
        ticketId: ticket.id,
        stepId: step.id,
        stepAt: step.at,
      },
    });
  }
  const page = pagePlan(ticket, settings);
  if (page) {
    jobs.push({
      name: JOB_NAMES.page,
      at: page.at,
      data: { jobKey: `page:${ticket.id}:${page.since.getTime()}`, ticketId: ticket.id, since: page.since },
    });
  }
  const visit = returnVisitAt(ticket, settings);
  if (visit) {
    const asked = currentVisit(ticket);
    if (!asked) {
      jobs.push({
        name: JOB_NAMES.returnVisit,
        at: visit.at,
        data: {
          jobKey: `visit:${ticket.id}:${visit.after.getTime()}`,
          ticketId: ticket.id,
          after: visit.after,
        },
      });
    } else if (!asked.answeredAt) {
      jobs.push({
        name: JOB_NAMES.closeVisit,
        at: new Date(asked.askedAt.getTime() + settings.returnVisit.answerWindow),
        data: {
          jobKey: `visit-close:${ticket.id}:${visit.after.getTime()}`,
          ticketId: ticket.id,
          after: visit.after,
        },
      });
    }
  }
  return jobs.filter((job) => job.at.getTime() >= now.getTime() - PLAN_HORIZON_MS);
}

const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;

/** Creates the jobs tickets call for in Agenda: insert-only, one per key, whoever (and however often) asks. */
export class TicketJobScheduler {
  constructor(
    private readonly agenda: Agenda,
    private readonly settings: FollowUpSettings,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Upserts the jobs `ticket` calls for now; jobs that exist already are left as they are. */
  async schedule(ticket: Ticket): Promise<void> {
    for (const job of plannedJobs(ticket, this.settings, this.clock.now())) await this.ensure(job);
  }

  /** Creates `job` unless a job with its key exists. */
  async ensure(job: PlannedJob): Promise<void> {
    try {
      await this.agenda
        .create(job.name, job.data)
        .unique({ 'data.jobKey': job.data.jobKey }, { insertOnly: true })
        .schedule(job.at)
        .save();
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      this.logger.debug({ jobKey: job.data.jobKey }, 'job exists already');
    }
  }
}
