import type { Job } from 'agenda';
import { escalationChannelText, escalationThreadText } from '../../core/presenters/slack/follow-up-texts.js';
import {
  type EscalationStep,
  escalationPlan,
  escalationRecipients,
  isStepPlanned,
} from '../../core/schedule/escalation-plan.js';
import { JOB_NAMES, type JobData, type JobDeps } from './job-deps.js';

export interface EscalateData extends JobData {
  ticketId: string;
  stepId: string;
  stepAt: Date;
}

export const name = JOB_NAMES.escalate;

/**
 * One rung of the escalation ladder: if the deadline is still unmet and unchanged, pings supervisors (level 1) or
 * managers (level 2) in the supervisors' channel and notes it in the ticket's thread, then plans the next repeat.
 * Acknowledged, resolved or re-planned tickets make it a no-op. Sends under keys of the step, so twice sends once.
 */
export async function run(deps: JobDeps, job: Job<EscalateData>): Promise<void> {
  const { ticketId, stepId } = job.attrs.data;
  const stepAt = new Date(job.attrs.data.stepAt);
  const ticket = await deps.tickets.get(ticketId);
  if (!ticket || !isStepPlanned(ticket, deps.settings, { id: stepId, at: stepAt })) return;
  const step = escalationPlan(ticket, deps.settings, stepAt).find((s) => s.id === stepId) as EscalationStep;
  const [owner, card] = await Promise.all([deps.owners.get(ticket.ownerId), deps.cards.current(ticket.id)]);
  const recipients = escalationRecipients(deps.settings.people, ticket.specialty, step.level);
  const lateMs = Math.max(0, deps.clock.now().getTime() - step.deadline.getTime());
  const key = `ticket:${ticket.id}:escalation:${step.id}`;
  await deps.outbox.enqueue([
    {
      key: `${key}:supervisors`,
      kind: 'slack.message',
      channel: deps.settings.supervisorsChannel,
      ticketId: ticket.id,
      text: escalationChannelText({ ticket, owner, step, lateMs, recipients, ...(card ? { card } : {}) }),
    },
    {
      key: `${key}:thread`,
      kind: 'slack.thread',
      ticketId: ticket.id,
      text: escalationThreadText({ step, lateMs, recipients }),
    },
  ]);
  await deps.scheduler.schedule(ticket);
}
