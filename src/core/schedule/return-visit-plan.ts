import type { Ticket } from '../tickets/ticket.js';
import type { FollowUpSettings } from './follow-up-settings.js';
import { quietHoursRelease } from './weekly-hours.js';

/** What a return visit asks: whether a resolution held, or whether a cannot-resolve explanation was clear. */
export type ReturnVisitKind = 'resolution' | 'explanation';

/** The return visit a resolved or cannot-resolve ticket is due, identified by when it was resolved (`after`). */
export interface ReturnVisitPlan {
  kind: ReturnVisitKind;
  after: Date;
  at: Date;
}

/**
 * When to ask the owner about a resolved (or cannot-resolve) ticket: `returnVisit.delay` by urgency, overridden
 * per specialty, after the resolution; a time inside quiet hours moves to their end. Undefined for other states.
 */
export function returnVisitAt(
  ticket: Ticket,
  settings: Pick<FollowUpSettings, 'returnVisit' | 'quietHours' | 'timeZone'>,
): ReturnVisitPlan | undefined {
  const outcome =
    ticket.status === 'resolved' && ticket.resolved
      ? { kind: 'resolution' as const, after: ticket.resolved.at }
      : ticket.status === 'unresolvable' && ticket.unresolvable
        ? { kind: 'explanation' as const, after: ticket.unresolvable.at }
        : undefined;
  if (!outcome) return undefined;
  const delay =
    settings.returnVisit.bySpecialty[ticket.specialty]?.[ticket.urgency] ??
    settings.returnVisit.delay[ticket.urgency];
  const at = new Date(outcome.after.getTime() + delay);
  return { ...outcome, at: quietHoursRelease(at, settings.quietHours, settings.timeZone) ?? at };
}

/** The return visit of the ticket's current resolution, once asked. */
export function currentVisit(ticket: Ticket) {
  const after =
    ticket.status === 'resolved'
      ? ticket.resolved?.at
      : ticket.status === 'unresolvable'
        ? ticket.unresolvable?.at
        : undefined;
  if (!after) return undefined;
  return ticket.returnVisits?.find((visit) => visit.after.getTime() === after.getTime());
}
