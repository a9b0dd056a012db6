import type { Job } from 'agenda';
import { visitKey } from '../../core/follow-ups/answer-return-visit.js';
import type { ReturnVisitScore } from '../../core/messages/catalog.js';
import { messagesFor } from '../../core/messages/messages-for.js';
import type { TelegramButton } from '../../core/outbox/outbox-message.js';
import { returnVisitTexts } from '../../core/presenters/slack/follow-up-texts.js';
import { encodeCallbackData } from '../../core/presenters/telegram/callback-data.js';
import { currentVisit, returnVisitAt } from '../../core/schedule/return-visit-plan.js';
import type { Ticket } from '../../core/tickets/ticket.js';
import { updateTicket } from '../../core/tickets/update-ticket.js';
import { JOB_NAMES, type JobData, type JobDeps } from './job-deps.js';

export interface ReturnVisitData extends JobData {
  ticketId: string;
  after: Date;
}

export const name = JOB_NAMES.returnVisit;

const SCORES: ReturnVisitScore[] = [1, 2, 3, 4, 5];

function buttons(ticket: Ticket, kind: 'resolution' | 'explanation'): TelegramButton[][] {
  const t = messagesFor(ticket.language);
  const scores = SCORES.map((score) => ({
    text: t.returnVisitScoreButton(score),
    data: encodeCallbackData({ kind: 'return-visit', ticketNumber: ticket.number, answer: score }),
  }));
  if (kind === 'explanation') return [scores];
  return [
    scores,
    [
      {
        text: t.returnVisitNotFixedButton(),
        data: encodeCallbackData({ kind: 'return-visit', ticketNumber: ticket.number, answer: 'not-fixed' }),
      },
    ],
  ];
}

/**
 * Asks the owner of a resolved ticket whether it is really solved and how satisfied they are (1–5 or "not
 * fixed"), or the owner of a cannot-resolve ticket whether the explanation was clear; records that the visit was
 * asked together with the question, so a second run finds it asked and sends nothing.
 */
export async function run(deps: JobDeps, job: Job<ReturnVisitData>): Promise<void> {
  const after = new Date(job.attrs.data.after).getTime();
  await updateTicket(deps.tickets, job.attrs.data.ticketId, (ticket) => {
    const plan = returnVisitAt(ticket, deps.settings);
    if (!plan || plan.after.getTime() !== after || currentVisit(ticket)) return { leave: undefined };
    const now = deps.clock.now();
    const t = messagesFor(ticket.language);
    const key = visitKey(ticket, plan);
    const explanation = plan.kind === 'explanation';
    return {
      save: {
        ...ticket,
        updatedAt: now,
        returnVisits: [...(ticket.returnVisits ?? []), { kind: plan.kind, after: plan.after, askedAt: now }],
        history: [...ticket.history, { at: now, event: 'return-visit', by: 'system' }],
      },
      effects: [
        {
          key: `${key}:question`,
          kind: 'telegram.message',
          chatId: ticket.chatId,
          ticketId: ticket.id,
          text: explanation
            ? t.returnVisitExplanationQuestion({ number: ticket.number })
            : t.returnVisitQuestion({ number: ticket.number }),
          buttons: buttons(ticket, plan.kind),
        },
        {
          key: `${key}:asked`,
          kind: 'slack.thread',
          ticketId: ticket.id,
          text: explanation ? returnVisitTexts.askedExplanation() : returnVisitTexts.asked(),
        },
      ],
      result: undefined,
    };
  });
}
