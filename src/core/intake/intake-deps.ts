import type { Classification } from '../classifier/classification.js';
import type { Clock, Outbox, OwnerStore, TicketStore } from '../ports.js';
import type { Language } from '../taxonomy.js';
import type { DeadlinePolicy } from '../tickets/plan-deadlines.js';
import type { Attachment } from '../tickets/ticket.js';

/** An owner message that waits for the owner to say which ticket it belongs to. */
export interface PendingFollowUp {
  /** `<chatId>:<messageId>` of the message. */
  id: string;
  ownerId: string;
  chatId: number;
  messageId: number;
  text: string;
  attachments: Attachment[];
  receivedAt: Date;
  /** Set once the owner chose: the ticket it went to. */
  decidedTicketId?: string;
}

/** Owner messages waiting for the follow-up question's answer. */
export interface FollowUpStore {
  /** Stores it unless one with the same id exists; returns the stored one. */
  put(pending: PendingFollowUp): Promise<PendingFollowUp>;
  get(id: string): Promise<PendingFollowUp | undefined>;
  decide(id: string, ticketId: string): Promise<void>;
  updateText(id: string, text: string): Promise<void>;
}

/** What the owner-side use cases need, injected by the composition root. */
export interface IntakeDeps {
  tickets: TicketStore;
  owners: OwnerStore;
  followUps: FollowUpStore;
  /** For owner messages that belong to no ticket (registration, questions, /status). */
  outbox: Outbox;
  clock: Clock;
  classify(text: string): Classification;
  /**
   * Takes the message as a comment on a return visit the owner just answered; true when it did (the message is
   * then no report). Wired by the follow-up jobs.
   */
  returnVisitComment?(message: OwnerMessage): Promise<boolean>;
  settings: {
    timeZone: string;
    defaultLanguage: Language;
    emergencyPhone: string;
    deadlines: DeadlinePolicy;
    lowConfidence: number;
    followUpWindowMs: number;
  };
}

/** An owner's message as the intake sees it, whatever Telegram sent. */
export interface OwnerMessage {
  telegramUserId: number;
  chatId: number;
  messageId: number;
  /** Telegram's `language_code` of the sender. */
  languageCode?: string;
  telegramName: string;
  username?: string;
  /** Text or caption; empty for a bare photo or location. */
  text: string;
  attachments: Attachment[];
  /** The bot message this one answers, if the owner used Reply. */
  replyToMessageId?: number;
  /** The phone number, when the owner shared their own contact. */
  sharedPhone?: string;
  /** A command such as `/start`, without the slash. */
  command?: string;
  sentAt: Date;
}
