import type { Ticket, TicketStatus } from './ticket.js';

/** What staff, owners or jobs can do to a ticket's state. */
export type TicketAction = 'acknowledge' | 'resolve' | 'cannot-resolve' | 'reopen' | 'close';

const RULES: Record<TicketAction, { from: readonly TicketStatus[]; to: TicketStatus }> = {
  acknowledge: { from: ['new', 'reopened'], to: 'acknowledged' },
  resolve: { from: ['new', 'acknowledged', 'reopened'], to: 'resolved' },
  'cannot-resolve': { from: ['new', 'acknowledged', 'reopened'], to: 'unresolvable' },
  reopen: { from: ['resolved', 'unresolvable', 'closed'], to: 'reopened' },
  close: { from: ['resolved', 'unresolvable'], to: 'closed' },
};

/** The outcome of a transition: the changed ticket, or why it was refused. */
export type TransitionResult =
  | { ok: true; ticket: Ticket }
  | { ok: false; reason: 'already-done' | 'not-allowed'; status: TicketStatus; message: string };

/**
 * Applies `action` to `ticket` at `at` by `by`, checking the state machine
 * (new → acknowledged → resolved | unresolvable → closed; resolved | unresolvable | closed → reopened).
 * Returns a new ticket; the input is not changed. `note` is the resolution note or the explanation.
 */
export function transition(
  ticket: Ticket,
  action: TicketAction,
  context: { by: string; at: Date; note?: string },
): TransitionResult {
  const rule = RULES[action];
  if (!rule.from.includes(ticket.status)) {
    const already = ticket.status === rule.to;
    return {
      ok: false,
      reason: already ? 'already-done' : 'not-allowed',
      status: ticket.status,
      message: already
        ? `${ticket.number} is already ${ticket.status}`
        : `${ticket.number} cannot ${action} while ${ticket.status}`,
    };
  }
  if ((action === 'resolve' || action === 'cannot-resolve') && !context.note?.trim()) {
    return {
      ok: false,
      reason: 'not-allowed',
      status: ticket.status,
      message: action === 'resolve' ? 'a resolution note is required' : 'an explanation is required',
    };
  }
  const { by, at } = context;
  const note = context.note?.trim();
  const next: Ticket = {
    ...ticket,
    status: rule.to,
    updatedAt: at,
    history: [
      ...ticket.history,
      { at, event: action, from: ticket.status, to: rule.to, by, ...(note ? { note } : {}) },
    ],
  };
  if (action === 'acknowledge') next.acknowledged = { by, at };
  if (action === 'resolve') next.resolved = { by, at, note: note ?? '' };
  if (action === 'cannot-resolve') next.unresolvable = { by, at, explanation: note ?? '' };
  if (action === 'reopen') {
    delete next.resolved;
    delete next.unresolvable;
    delete next.acknowledged;
  }
  return { ok: true, ticket: next };
}
