import type { OutboxMessage } from '../outbox/outbox-message.js';
import type { TicketStore } from '../ports.js';
import type { Ticket } from './ticket.js';

/** What a change decides for the ticket as it is now: save a new state with its effects, or leave it. */
export type TicketChange<R> = { save: Ticket; effects: OutboxMessage[]; result: R } | { leave: R };

/**
 * Reads ticket `id`, lets `change` decide, and saves. When another writer saved first, reads again and lets
 * `change` decide anew (it may now find the action already done), up to `attempts` times.
 * Returns undefined when there is no such ticket.
 */
export async function updateTicket<R>(
  store: TicketStore,
  id: string,
  change: (ticket: Ticket) => TicketChange<R>,
  attempts = 5,
): Promise<{ ticket: Ticket; result: R } | undefined> {
  let ticket = await store.get(id);
  for (let attempt = 0; ticket && attempt < attempts; attempt++) {
    const decision = change(ticket);
    if ('leave' in decision) return { ticket, result: decision.leave };
    const saved = await store.save(decision.save, decision.effects);
    if (saved.saved) return { ticket: saved.ticket, result: decision.result };
    ticket = saved.current;
  }
  if (!ticket) return undefined;
  throw new Error(`ticket ${id} kept changing under concurrent writers; gave up after ${attempts} attempts`);
}
