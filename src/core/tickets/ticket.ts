import type { Classification } from '../classifier/classification.js';
import type { Language, Nature, Specialty, Urgency } from '../taxonomy.js';

/** Where a ticket is in its life. */
export const TICKET_STATUSES = [
  'new',
  'acknowledged',
  'resolved',
  'unresolvable',
  'reopened',
  'closed',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Something an owner sent with a report or follow-up besides text. */
export interface Attachment {
  kind: 'photo' | 'document' | 'voice' | 'video' | 'audio' | 'location' | 'contact' | 'sticker';
  /** Telegram file_id, for photos, documents, voice notes. */
  fileId?: string;
  fileName?: string;
  mimeType?: string;
  latitude?: number;
  longitude?: number;
}

/** One entry of a ticket's history: a transition or a change, who made it and when. */
export interface TicketEvent {
  at: Date;
  /** `create`, `acknowledge`, `resolve`, `cannot-resolve`, `reopen`, `close`, `reassign`, `urgency`, `note`… */
  event: string;
  from?: string;
  to?: string;
  /** Slack user ID, `owner` or `system`. */
  by: string;
  note?: string;
}

/** Who did something to a ticket, and when. */
export interface Actor {
  by: string;
  at: Date;
}

/** A return visit: the owner asked, after a resolution (or cannot-resolve), how it went; kept for reports. */
export interface ReturnVisit {
  /** `resolution`: was it fixed and how satisfied (1–5)? `explanation`: was the explanation clear (1–5)? */
  kind: 'resolution' | 'explanation';
  /** When the resolution (or cannot-resolve) this visit follows was recorded; identifies the visit. */
  after: Date;
  askedAt: Date;
  answeredAt?: Date;
  score?: number;
  notFixed?: boolean;
  comment?: string;
  /** The owner's Telegram message that was the comment (a redelivered update is recognised by it). */
  commentMessageId?: number;
  /** The owner's next message until then is taken as a comment on the visit. */
  commentUntil?: Date;
  /** Closed without an answer once the answer window passed. */
  unanswered?: boolean;
}

/** A ticket: one owner report and everything that happened to it. */
export interface Ticket {
  id: string;
  /** Short readable number, e.g. `M-1042`; stays the same when the ticket is reassigned. */
  number: string;
  ownerId: string;
  /** Telegram chat of the owner. */
  chatId: number;
  /** The owner's language for notices. */
  language: Language;
  source: { chatId: number; messageId: number };
  text: string;
  attachments: Attachment[];
  specialty: Specialty;
  urgency: Urgency;
  nature: Nature;
  classification: Classification;
  status: TicketStatus;
  deadlines: { acknowledgeBy: Date; resolveBy: Date };
  acknowledged?: Actor;
  resolved?: Actor & { note: string };
  unresolvable?: Actor & { explanation: string };
  /** Owner-file fields that were missing when the report came in (name, building, unit, phone). */
  missingOwnerInfo: string[];
  /** Telegram message IDs in the owner's chat that belong to this ticket: the report and its follow-ups. */
  messageIds: number[];
  history: TicketEvent[];
  /** Return visits asked after each resolution, with the owner's ratings and comments. */
  returnVisits?: ReturnVisit[];
  /** Increases by one with every saved change; used to refuse lost updates. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Tickets in these states are still being worked on. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'acknowledged', 'reopened'];

export const isOpen = (ticket: Pick<Ticket, 'status'>): boolean => OPEN_STATUSES.includes(ticket.status);
