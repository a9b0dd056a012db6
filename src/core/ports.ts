import type { OutboxMessage } from './outbox/outbox-message.js';
import type { Specialty } from './taxonomy.js';
import type { Owner } from './tickets/owner.js';
import type { Ticket } from './tickets/ticket.js';

/** The time, injected so tests can fix it. */
export interface Clock {
  now(): Date;
}

/** Result of saving a ticket against the version it was read at. */
export type SaveResult = { saved: true; ticket: Ticket } | { saved: false; current: Ticket };

/** Where tickets live. Every save carries the outbox messages it causes, so neither is lost without the other. */
export interface TicketStore {
  /**
   * Creates the ticket for an owner's message, with its effects; when a ticket for the same Telegram message
   * exists already (a redelivered update), returns that one and `created: false`.
   */
  create(
    draft: Omit<Ticket, 'id' | 'number' | 'version' | 'updatedAt'>,
    effects: (ticket: Ticket) => OutboxMessage[],
  ): Promise<{ ticket: Ticket; created: boolean }>;
  /** Saves `ticket` if nobody saved it since version `ticket.version`; the saved ticket has version + 1. */
  save(ticket: Ticket, effects: OutboxMessage[]): Promise<SaveResult>;
  get(id: string): Promise<Ticket | undefined>;
  findByNumber(number: string): Promise<Ticket | undefined>;
  findBySource(chatId: number, messageId: number): Promise<Ticket | undefined>;
  /** The ticket an owner's Telegram message belongs to: its report or one of its follow-ups. */
  findByMessage(chatId: number, messageId: number): Promise<Ticket | undefined>;
  /** The owner's tickets that are not closed, newest first. */
  listActiveForOwner(ownerId: string): Promise<Ticket[]>;
}

/** Owners' files. */
export interface OwnerStore {
  findByTelegramUser(telegramUserId: number): Promise<Owner | undefined>;
  get(id: string): Promise<Owner | undefined>;
  /** Creates the file on first contact (idempotent per Telegram user). */
  upsertFromTelegram(
    input: Pick<Owner, 'telegramUserId' | 'chatId' | 'language' | 'telegramName' | 'username'>,
  ): Promise<Owner>;
  update(id: string, changes: Partial<Omit<Owner, 'id' | 'telegramUserId'>>): Promise<Owner>;
}

/** Durable delivery queue. */
export interface Outbox {
  /** Stores messages for delivery; a message whose key was enqueued before is ignored. */
  enqueue(messages: OutboxMessage[]): Promise<void>;
}

/** Where a ticket's Slack card was posted. A reassigned ticket has an earlier card and a current one. */
export interface CardLocation {
  ticketId: string;
  department: Specialty;
  channel: string;
  ts: string;
  current: boolean;
  postedAt: Date;
}

/** Slack cards of tickets. */
export interface CardStore {
  /** Records a newly posted card as the ticket's current one (earlier cards stay, no longer current). */
  record(card: Omit<CardLocation, 'current'>): Promise<void>;
  current(ticketId: string): Promise<CardLocation | undefined>;
  all(ticketId: string): Promise<CardLocation[]>;
  /** The card that is the Slack message `channel`/`ts`, current or earlier. */
  findByMessage(channel: string, ts: string): Promise<CardLocation | undefined>;
}
