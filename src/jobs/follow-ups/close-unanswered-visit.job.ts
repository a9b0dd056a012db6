import type { Job } from 'agenda';
import { visitKey } from '../../core/follow-ups/answer-return-visit.js';
import { returnVisitTexts } from '../../core/presenters/slack/follow-up-texts.js';
import { currentVisit } from '../../core/schedule/return-visit-plan.js';
import { transition } from '../../core/tickets/transition.js';
import { updateTicket } from '../../core/tickets/update-ticket.js';
import { JOB_NAMES, type JobData, type JobDeps } from './job-deps.js';

export interface CloseVisitData extends JobData {
  ticketId: string;
  after: Date;
}

export const name = JOB_NAMES.closeVisit;

/** No answer to the return visit within `answerWindow`: closes the ticket quietly (nothing to the owner). */
export async function run(deps: JobDeps, job: Job<CloseVisitData>): Promise<void> {
  const after = new Date(job.attrs.data.after).getTime();
  await updateTicket(deps.tickets, job.attrs.data.ticketId, (ticket) => {
    const visit = currentVisit(ticket);
    if (!visit || visit.after.getTime() !== after || visit.answeredAt) return { leave: undefined };
    const now = deps.clock.now();
    const closed = transition(ticket, 'close', {
      by: 'system',
      at: now,
      note: 'no answer to the return visit',
    });
    if (!closed.ok) return { leave: undefined };
    const key = visitKey(ticket, visit);
    return {
      save: {
        ...closed.ticket,
        returnVisits: (ticket.returnVisits ?? []).map((v) => (v === visit ? { ...v, unanswered: true } : v)),
      },
      effects: [
        { key: `${key}:close:card`, kind: 'slack.card-update', ticketId: ticket.id },
        {
          key: `${key}:close:thread`,
          kind: 'slack.thread',
          ticketId: ticket.id,
          text: returnVisitTexts.closedUnanswered(),
        },
      ],
      result: undefined,
    };
  });
}
