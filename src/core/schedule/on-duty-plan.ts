import type { Ticket } from '../tickets/ticket.js';
import { type FollowUpSettings, hoursOf } from './follow-up-settings.js';
import { isWithinHours, nextClosing, onDutyAt } from './weekly-hours.js';

/** When a ticket's department's on-duty staff are to be paged, and for which episode of the ticket. */
export interface PagePlan {
  /** The latest event that (re)started the wait for someone: report, reassignment, urgency change, reopening. */
  since: Date;
  at: Date;
}

const STARTS = new Set(['create', 'reassign', 'urgency', 'reopen']);

const needsPaging = (ticket: Ticket) =>
  (ticket.urgency === 'emergency' || ticket.urgency === 'urgent') &&
  (ticket.status === 'new' || ticket.status === 'reopened');

/**
 * Emergency and urgent tickets waiting for someone are paged to the on-duty roster when outside the department's
 * business hours: at once when they came in after hours, at closing time when they came in during hours.
 * Undefined when there is nothing to page (acknowledged, ordinary, round-the-clock department).
 */
export function pagePlan(
  ticket: Ticket,
  settings: Pick<FollowUpSettings, 'businessHours' | 'departments' | 'timeZone'>,
): PagePlan | undefined {
  if (!needsPaging(ticket)) return undefined;
  const since = ticket.history.reduce(
    (latest, event) => (STARTS.has(event.event) && event.at > latest ? event.at : latest),
    ticket.createdAt,
  );
  const hours = hoursOf(settings, ticket.specialty);
  if (!isWithinHours(since, hours, settings.timeZone)) return { since, at: since };
  const closing = nextClosing(since, hours, settings.timeZone);
  return closing ? { since, at: closing } : undefined;
}

/** Who to page for `ticket` at `now`: nobody inside business hours or when paging is no longer called for. */
export function pageRecipients(
  ticket: Ticket,
  settings: Pick<FollowUpSettings, 'businessHours' | 'departments' | 'timeZone'>,
  now: Date,
): string[] {
  if (!needsPaging(ticket)) return [];
  if (isWithinHours(now, hoursOf(settings, ticket.specialty), settings.timeZone)) return [];
  return onDutyAt(settings.departments[ticket.specialty].onDuty, now, settings.timeZone);
}
