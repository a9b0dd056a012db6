import type { CardStore, Clock, TicketStore } from '../ports.js';
import type { DeadlinePolicy } from '../tickets/plan-deadlines.js';
import type { Ticket } from '../tickets/ticket.js';

/** What the owner's answers to return visits need. */
export interface ReturnVisitDeps {
  tickets: TicketStore;
  cards: CardStore;
  clock: Clock;
  /** The ticket of a chat whose return visit takes a comment now. */
  findAwaitingComment(chatId: number, now: Date, messageId: number): Promise<Ticket | undefined>;
  settings: {
    timeZone: string;
    deadlines: DeadlinePolicy;
    supervisorsChannel: string;
    /** A score at or below this reopens the ticket. */
    lowScore: number;
    /** How long after answering the owner's next message is taken as a comment. */
    commentWindowMs: number;
  };
}
