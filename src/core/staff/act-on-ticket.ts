import { notAllowed } from '../presenters/slack/thread-texts.js';
import { authorizeStaff, type StaffMember } from '../tickets/authorize-staff.js';
import type { Ticket } from '../tickets/ticket.js';
import { type TicketChange, updateTicket } from '../tickets/update-ticket.js';
import type { StaffDeps, StaffOutcome } from './staff-deps.js';
import { staffReplies } from './staff-replies.js';

/**
 * Runs a staff member's action on a ticket: refuses anyone who is not staff of the ticket's department or a
 * supervisor over it, then lets `decide` change the ticket (again, on the fresh ticket, when someone else
 * saved first).
 */
export async function actOnTicket(
  deps: StaffDeps,
  ticketId: string,
  userId: string,
  decide: (ticket: Ticket, person: StaffMember) => TicketChange<StaffOutcome>,
): Promise<StaffOutcome> {
  const outcome = await updateTicket<StaffOutcome>(deps.tickets, ticketId, (ticket) => {
    const person = authorizeStaff(userId, ticket.specialty, deps.settings.people);
    if (!person) return { leave: { kind: 'refused', message: notAllowed({ department: ticket.specialty }) } };
    return decide(ticket, person);
  });
  return outcome?.result ?? { kind: 'not-found', message: staffReplies.notFound() };
}
