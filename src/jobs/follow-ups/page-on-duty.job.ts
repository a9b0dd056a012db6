import type { Job } from 'agenda';
import { onDutyPageText, onDutyThreadText } from '../../core/presenters/slack/follow-up-texts.js';
import { pagePlan, pageRecipients } from '../../core/schedule/on-duty-plan.js';
import { JOB_NAMES, type JobData, type JobDeps } from './job-deps.js';

export interface PageData extends JobData {
  ticketId: string;
  since: Date;
}

export const name = JOB_NAMES.page;

/**
 * Outside the department's business hours, DMs its on-duty staff about an emergency or urgent ticket nobody has
 * taken yet, and notes it in the thread. A no-op when the ticket was acknowledged, downgraded or moved since.
 */
export async function run(deps: JobDeps, job: Job<PageData>): Promise<void> {
  const { ticketId } = job.attrs.data;
  const since = new Date(job.attrs.data.since);
  const ticket = await deps.tickets.get(ticketId);
  if (!ticket) return;
  const plan = pagePlan(ticket, deps.settings);
  if (!plan || plan.since.getTime() !== since.getTime()) return;
  const now = deps.clock.now();
  if (now.getTime() < plan.at.getTime() - 1000) return;
  const users = pageRecipients(ticket, deps.settings, now);
  const [owner, card] = await Promise.all([deps.owners.get(ticket.ownerId), deps.cards.current(ticket.id)]);
  const key = `ticket:${ticket.id}:page:${since.getTime()}`;
  await deps.outbox.enqueue([
    ...users.map((user) => ({
      key: `${key}:${user}`,
      kind: 'slack.message' as const,
      channel: user,
      ticketId: ticket.id,
      text: onDutyPageText({ ticket, owner, ...(card ? { card } : {}) }),
    })),
    { key: `${key}:thread`, kind: 'slack.thread', ticketId: ticket.id, text: onDutyThreadText(users) },
  ]);
}
