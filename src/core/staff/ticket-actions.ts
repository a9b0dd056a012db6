import { ownerNotice } from '../intake/owner-notice.js';
import { messagesFor } from '../messages/messages-for.js';
import type { OutboxMessage } from '../outbox/outbox-message.js';
import { actionAlreadyDone } from '../presenters/slack/thread-texts.js';
import { formatExpectBy } from '../presenters/telegram/format-deadline.js';
import { quietHoursRelease } from '../schedule/weekly-hours.js';
import type { Specialty, Urgency } from '../taxonomy.js';
import type { Ticket } from '../tickets/ticket.js';
import { type TicketAction, transition } from '../tickets/transition.js';
import type { TicketChange } from '../tickets/update-ticket.js';
import { actOnTicket } from './act-on-ticket.js';
import type { StaffDeps, StaffOutcome } from './staff-deps.js';
import { staffReplies } from './staff-replies.js';

/** The effect key prefix of the change that saves `ticket` as its next version. */
export const changeKey = (ticket: Ticket): string => `ticket:${ticket.id}:v${ticket.version + 1}`;

const cardUpdate = (ticket: Ticket): OutboxMessage => ({
  key: `${changeKey(ticket)}:card`,
  kind: 'slack.card-update',
  ticketId: ticket.id,
});

/** A notice to the owner; an ordinary ticket's notice in quiet hours waits for their end (never urgent ones). */
const toOwner = (deps: StaffDeps, ticket: Ticket, text: string): OutboxMessage => {
  const quiet = deps.settings.quietHours;
  const release =
    quiet && ticket.urgency === 'ordinary'
      ? quietHoursRelease(deps.clock.now(), quiet, deps.settings.timeZone)
      : undefined;
  const notice = ownerNotice(`${changeKey(ticket)}:owner`, ticket.chatId, text, { ticketId: ticket.id });
  return release && notice.kind === 'telegram.message' ? { ...notice, notBefore: release } : notice;
};

function stateChange(
  deps: StaffDeps,
  ticket: Ticket,
  action: TicketAction,
  by: string,
  note: string | undefined,
  effects: (next: Ticket) => OutboxMessage[],
): TicketChange<StaffOutcome> {
  const result = transition(ticket, action, {
    by,
    at: deps.clock.now(),
    ...(note !== undefined ? { note } : {}),
  });
  if (!result.ok) {
    return {
      leave:
        result.reason === 'already-done'
          ? { kind: 'already', message: actionAlreadyDone({ ticket, timeZone: deps.settings.timeZone }) }
          : { kind: 'refused', message: result.message },
    };
  }
  return {
    save: result.ticket,
    effects: [cardUpdate(ticket), ...effects(result.ticket)],
    result: { kind: 'done' },
  };
}

/** Acknowledge: the ticket is in hand; the owner hears who has it. */
export function acknowledgeTicket(deps: StaffDeps, ticketId: string, userId: string): Promise<StaffOutcome> {
  return actOnTicket(deps, ticketId, userId, (ticket, person) =>
    stateChange(deps, ticket, 'acknowledge', userId, undefined, () => [
      toOwner(
        deps,
        ticket,
        messagesFor(ticket.language).acknowledged({ number: ticket.number, staffName: person.name }),
      ),
    ]),
  );
}

/** Resolve with a note, which the owner receives in a resolution notice. */
export function resolveTicket(
  deps: StaffDeps,
  ticketId: string,
  userId: string,
  note: string,
): Promise<StaffOutcome> {
  return actOnTicket(deps, ticketId, userId, (ticket) =>
    stateChange(deps, ticket, 'resolve', userId, note, (next) => [
      toOwner(
        deps,
        ticket,
        messagesFor(ticket.language).resolved({ number: ticket.number, note: next.resolved!.note }),
      ),
    ]),
  );
}

/**
 * Cannot resolve: the explanation goes to the owner (they have a right to know why), and the ticket goes to
 * the supervisors' attention.
 */
export function cannotResolveTicket(
  deps: StaffDeps,
  ticketId: string,
  userId: string,
  explanation: string,
): Promise<StaffOutcome> {
  return actOnTicket(deps, ticketId, userId, (ticket) =>
    stateChange(deps, ticket, 'cannot-resolve', userId, explanation, (next) => [
      toOwner(
        deps,
        ticket,
        messagesFor(ticket.language).unresolvable({
          number: ticket.number,
          explanation: next.unresolvable!.explanation,
        }),
      ),
      {
        key: `${changeKey(ticket)}:supervisors`,
        kind: 'slack.message',
        channel: deps.settings.supervisorsChannel,
        ticketId: ticket.id,
        text: `:warning: <@${userId}> marked *${ticket.number}* (${ticket.specialty}, ${ticket.urgency}) as cannot be solved. It needs a supervisor's attention.`,
      },
    ]),
  );
}

/**
 * Sends staff's words to the owner in Telegram and marks in the thread what the owner saw.
 * `sourceKey` identifies the request (modal submission, thread message) so a retried request sends once.
 */
export function replyToOwner(
  deps: StaffDeps,
  ticketId: string,
  userId: string,
  text: string,
  sourceKey: string,
  relayedNote: (text: string) => string,
): Promise<StaffOutcome> {
  const body = text.trim();
  return actOnTicket(deps, ticketId, userId, (ticket, person) => {
    if (!body) return { leave: { kind: 'refused', message: staffReplies.emptyText() } };
    const key = `ticket:${ticket.id}:reply:${sourceKey}`;
    if (ticket.history.some((e) => e.event === 'reply' && e.to === sourceKey))
      return { leave: { kind: 'done' } };
    const now = deps.clock.now();
    const owner = messagesFor(ticket.language).staffReply({
      number: ticket.number,
      staffName: person.name,
      text: body,
    });
    return {
      save: {
        ...ticket,
        updatedAt: now,
        history: [...ticket.history, { at: now, event: 'reply', by: userId, to: sourceKey, note: body }],
      },
      effects: [
        ownerNotice(`${key}:owner`, ticket.chatId, owner, { ticketId: ticket.id }),
        { key: `${key}:thread`, kind: 'slack.thread', ticketId: ticket.id, text: relayedNote(owner) },
      ],
      result: { kind: 'done' },
    };
  });
}

/**
 * Moves the ticket to another department: a new card in that channel, the old card updated to point at it,
 * the owner told, and the correction kept for the classifier.
 */
export async function reassignTicket(
  deps: StaffDeps,
  ticketId: string,
  userId: string,
  department: Specialty,
  note: (from: Specialty) => string,
): Promise<StaffOutcome> {
  let from: Ticket | undefined;
  const outcome = await actOnTicket(deps, ticketId, userId, (ticket) => {
    if (ticket.specialty === department)
      return { leave: { kind: 'already', message: staffReplies.sameDepartment(ticket) } };
    if (ticket.status === 'closed')
      return {
        leave: { kind: 'refused', message: actionAlreadyDone({ ticket, timeZone: deps.settings.timeZone }) },
      };
    from = ticket;
    const now = deps.clock.now();
    const key = changeKey(ticket);
    const deadlines =
      ticket.status === 'new'
        ? {
            ...ticket.deadlines,
            acknowledgeBy: new Date(now.getTime() + deps.settings.deadlines.acknowledge[ticket.urgency]),
          }
        : ticket.deadlines;
    return {
      save: {
        ...ticket,
        specialty: department,
        deadlines,
        updatedAt: now,
        history: [
          ...ticket.history,
          { at: now, event: 'reassign', from: ticket.specialty, to: department, by: userId },
        ],
      },
      effects: [
        { key: `${key}:card:new`, kind: 'slack.card', ticketId: ticket.id, department },
        cardUpdate(ticket),
        { key: `${key}:thread`, kind: 'slack.thread', ticketId: ticket.id, text: note(ticket.specialty) },
        toOwner(
          deps,
          ticket,
          messagesFor(ticket.language).reassigned({ number: ticket.number, specialty: department }),
        ),
      ],
      result: { kind: 'done' },
    };
  });
  if (outcome.kind === 'done' && from)
    await recordCorrection(deps, from, 'specialty', from.specialty, department, userId);
  return outcome;
}

/** Changes the urgency and re-plans the deadlines from now; the owner hears the new expectation. */
export async function changeUrgency(
  deps: StaffDeps,
  ticketId: string,
  userId: string,
  urgency: Urgency,
  note: (from: Urgency, ticket: Ticket) => string,
): Promise<StaffOutcome> {
  let from: Ticket | undefined;
  const outcome = await actOnTicket(deps, ticketId, userId, (ticket) => {
    if (ticket.urgency === urgency)
      return { leave: { kind: 'already', message: staffReplies.sameUrgency(ticket) } };
    from = ticket;
    const now = deps.clock.now();
    const policy = deps.settings.deadlines;
    const deadlines = {
      acknowledgeBy: ticket.acknowledged
        ? ticket.deadlines.acknowledgeBy
        : new Date(now.getTime() + policy.acknowledge[urgency]),
      resolveBy: new Date(now.getTime() + policy.resolve[urgency]),
    };
    const next: Ticket = {
      ...ticket,
      urgency,
      deadlines,
      updatedAt: now,
      history: [
        ...ticket.history,
        { at: now, event: 'urgency', from: ticket.urgency, to: urgency, by: userId },
      ],
    };
    const t = messagesFor(ticket.language);
    return {
      save: next,
      effects: [
        cardUpdate(ticket),
        {
          key: `${changeKey(ticket)}:thread`,
          kind: 'slack.thread',
          ticketId: ticket.id,
          text: note(ticket.urgency, next),
        },
        toOwner(
          deps,
          ticket,
          t.urgencyChanged({
            number: ticket.number,
            urgency,
            expectBy: formatExpectBy({
              deadline: ticket.acknowledged ? deadlines.resolveBy : deadlines.acknowledgeBy,
              now,
              timeZone: deps.settings.timeZone,
              language: ticket.language,
            }),
            ...(urgency === 'emergency' ? { emergencyPhone: deps.settings.emergencyPhone } : {}),
          }),
        ),
      ],
      result: { kind: 'done' },
    };
  });
  if (outcome.kind === 'done' && from)
    await recordCorrection(deps, from, 'urgency', from.urgency, urgency, userId);
  return outcome;
}

function recordCorrection(
  deps: StaffDeps,
  ticket: Ticket,
  field: 'specialty' | 'urgency',
  from: string,
  to: string,
  by: string,
): Promise<void> {
  return deps.corrections.record({
    ticketId: ticket.id,
    ticketNumber: ticket.number,
    text: ticket.text,
    field,
    from,
    to,
    by,
    at: deps.clock.now(),
  });
}
