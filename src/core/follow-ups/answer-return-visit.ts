import { messagesFor } from '../messages/messages-for.js';
import type { OutboxMessage } from '../outbox/outbox-message.js';
import { returnVisitSupervisorText, returnVisitTexts } from '../presenters/slack/follow-up-texts.js';
import { formatExpectBy } from '../presenters/telegram/format-deadline.js';
import { currentVisit } from '../schedule/return-visit-plan.js';
import { planDeadlines } from '../tickets/plan-deadlines.js';
import type { ReturnVisit, Ticket } from '../tickets/ticket.js';
import { transition } from '../tickets/transition.js';
import { updateTicket } from '../tickets/update-ticket.js';
import type { ReturnVisitDeps } from './return-visit-deps.js';

/** An owner's tap on a return-visit button. */
export interface ReturnVisitAnswer {
  chatId: number;
  ticketNumber: string;
  answer: number | 'not-fixed';
}

/** The key prefix of a visit's effects: one per ticket and resolution, so an answer taken twice sends once. */
export const visitKey = (ticket: Ticket, visit: Pick<ReturnVisit, 'after'>) =>
  `ticket:${ticket.id}:visit:${visit.after.getTime()}`;

/**
 * Takes the owner's answer to a return visit. A good score closes the ticket and thanks the owner; "not fixed"
 * or a score at or below `lowScore` reopens it (new deadlines from now) into its department's thread, tells the
 * supervisors and tells the owner what happens next. For a cannot-resolve follow-up the score rates the
 * explanation: the ticket closes, and a low score goes to the supervisors. Either way the owner's next message
 * within the comment window is kept as a comment. Returns the short answer shown on the button tap.
 */
export async function answerReturnVisit(deps: ReturnVisitDeps, input: ReturnVisitAnswer): Promise<string> {
  const found = await deps.tickets.findByNumber(input.ticketNumber);
  if (!found || found.chatId !== input.chatId) return messagesFor('en').buttonExpired();
  const t = messagesFor(found.language);
  const card = await deps.cards.current(found.id);
  const outcome = await updateTicket(deps.tickets, found.id, (ticket) => {
    const visit = currentVisit(ticket);
    if (!visit || visit.answeredAt) return { leave: 'already' as const };
    const now = deps.clock.now();
    const key = visitKey(ticket, visit);
    const score = input.answer === 'not-fixed' ? undefined : input.answer;
    const low = score === undefined || score <= deps.settings.lowScore;
    const answered: ReturnVisit = {
      ...visit,
      answeredAt: now,
      ...(score !== undefined ? { score } : { notFixed: true }),
      commentUntil: new Date(now.getTime() + deps.settings.commentWindowMs),
    };
    const visits = (ticket.returnVisits ?? []).map((v) => (v === visit ? answered : v));
    const cardUpdate: OutboxMessage = { key: `${key}:card`, kind: 'slack.card-update', ticketId: ticket.id };
    const toOwner = (text: string): OutboxMessage => ({
      key: `${key}:owner`,
      kind: 'telegram.message',
      chatId: ticket.chatId,
      text,
      ticketId: ticket.id,
    });
    const supervisors = (): OutboxMessage => ({
      key: `${key}:supervisors`,
      kind: 'slack.message',
      channel: deps.settings.supervisorsChannel,
      ticketId: ticket.id,
      text: returnVisitSupervisorText({
        ticket,
        answer: input.answer,
        kind: visit.kind,
        ...(card ? { card } : {}),
      }),
    });
    const thread = (text: string): OutboxMessage => ({
      key: `${key}:thread`,
      kind: 'slack.thread',
      ticketId: ticket.id,
      text,
    });

    if (visit.kind === 'resolution' && low) {
      const reopened = transition(ticket, 'reopen', { by: 'owner', at: now, note: 'return visit' });
      if (!reopened.ok) return { leave: 'already' as const };
      const deadlines = planDeadlines(ticket.urgency, now, deps.settings.deadlines);
      return {
        save: { ...reopened.ticket, deadlines, returnVisits: visits },
        effects: [
          cardUpdate,
          thread(returnVisitTexts.reopened(input.answer)),
          supervisors(),
          toOwner(
            t.returnVisitReopened({
              number: ticket.number,
              expectBy: formatExpectBy({
                deadline: deadlines.acknowledgeBy,
                now,
                timeZone: deps.settings.timeZone,
                language: ticket.language,
              }),
            }),
          ),
        ],
        result: 'reopened' as const,
      };
    }
    const closed = transition(ticket, 'close', { by: 'owner', at: now });
    if (!closed.ok) return { leave: 'already' as const };
    const explanation = visit.kind === 'explanation';
    const ownerText =
      explanation && low
        ? t.returnVisitExplanationUnclear({ number: ticket.number })
        : `${t.returnVisitThanks({ number: ticket.number })}\n${t.returnVisitCommentInvite()}`;
    return {
      save: { ...closed.ticket, returnVisits: visits },
      effects: [
        cardUpdate,
        thread(
          explanation ? returnVisitTexts.ratedExplanation(score ?? 1) : returnVisitTexts.rated(score ?? 1),
        ),
        ...(explanation && low ? [supervisors()] : []),
        toOwner(ownerText),
      ],
      result: 'closed' as const,
    };
  });
  if (!outcome) return t.buttonExpired();
  return outcome.result === 'already'
    ? t.returnVisitAlreadyAnswered()
    : t.returnVisitThanks({ number: found.number });
}
