import type { Language } from '../taxonomy.js';

/** Fields of an owner's file the bot asks for at registration, in order. */
export const OWNER_FIELDS = ['name', 'building', 'unit', 'phone'] as const;
export type OwnerField = (typeof OWNER_FIELDS)[number];

/** An owner's file. */
export interface Owner {
  id: string;
  telegramUserId: number;
  chatId: number;
  language: Language;
  /** Name as Telegram shows it. */
  telegramName: string;
  username?: string;
  name?: string;
  building?: string;
  unit?: string;
  phone?: string;
  /** The registration question the bot last asked, awaiting an answer. */
  awaiting?: OwnerField;
  /** When the bot last asked the owner to complete their file (it asks once). */
  registrationAskedAt?: Date;
  /** The ticket the owner said further messages belong to, remembered until `until`. */
  followUpTarget?: { ticketId: string; until: Date };
  /** Set when Telegram refuses messages to this owner (bot blocked, chat gone). */
  unreachableSince?: Date;
}

/** Fields still missing from an owner's file. */
export const missingOwnerFields = (owner: Owner): OwnerField[] =>
  OWNER_FIELDS.filter((field) => !owner[field]);
