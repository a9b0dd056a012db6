import type { CardLocation, CardStore, OwnerStore, TicketStore } from '../../core/ports.js';
import { ticketCard } from '../../core/presenters/slack/ticket-card.js';
import type { StaffMember } from '../../core/tickets/authorize-staff.js';

/** Options for {@link cardRenderer}. */
export interface CardRendererOptions {
  tickets: TicketStore;
  owners: OwnerStore;
  cards: CardStore;
  people: readonly StaffMember[];
  timeZone: string;
  clock: () => Date;
  /** A permalink to a card, for old cards pointing at the new one; undefined when unknown. */
  permalink?(card: CardLocation): Promise<string | undefined>;
}

/**
 * Renders a ticket's card as it is now: for a new card or the current one, the full card; for a card the
 * ticket was moved away from, the card marked as moved with a link to the current one.
 */
export function cardRenderer(options: CardRendererOptions) {
  return async (ticketId: string, card: 'new' | CardLocation) => {
    const ticket = await options.tickets.get(ticketId);
    if (!ticket) return undefined;
    const owner = await options.owners.get(ticket.ownerId);
    const current = await options.cards.current(ticketId);
    const moved = card !== 'new' && current && (current.channel !== card.channel || current.ts !== card.ts);
    const permalink = moved && options.permalink ? await options.permalink(current) : undefined;
    const message = ticketCard({
      ticket,
      owner,
      now: options.clock(),
      timeZone: options.timeZone,
      staffName: (userId) => options.people.find((p) => p.slackUserId === userId)?.name,
      ...(moved ? { movedTo: { department: current.department, ...(permalink ? { permalink } : {}) } } : {}),
    });
    return { ...message, blocks: message.blocks as object[] };
  };
}
