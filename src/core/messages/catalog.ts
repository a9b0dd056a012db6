import type { Nature, Specialty, Urgency } from '../taxonomy.js';
import type { OwnerField } from '../tickets/owner.js';
import type { TicketStatus } from '../tickets/ticket.js';

/** One line of the owner's `/status` answer; `createdAt` is already formatted for the owner. */
export interface StatusItem {
  number: string;
  specialty: Specialty;
  status: TicketStatus;
  createdAt: string;
}

/** An answer to a return visit: a score from 1 (poor) to 5 (excellent). */
export type ReturnVisitScore = 1 | 2 | 3 | 4 | 5;

/**
 * Every text an owner can read in Telegram, in one language. Texts are plain (never parsed as markup);
 * `expectBy` parameters are already formatted (see `formatExpectBy`).
 */
export interface Catalog {
  specialty: (specialty: Specialty) => string;
  urgency: (urgency: Urgency) => string;
  status: (status: TicketStatus) => string;
  nature: (nature: Nature) => string;
  /** The field of the owner's file, in words ("building", "楼栋"). */
  ownerField: (field: OwnerField) => string;

  /** `/start` on first contact. */
  startFirst: () => string;
  /** `/start` from an owner the bot knows. */
  startReturning: (params: { name?: string }) => string;
  help: (params: { emergencyPhone: string }) => string;

  askName: () => string;
  askBuilding: () => string;
  askUnit: () => string;
  /** Mentions the contact-sharing button and that the owner may type the skip word. */
  askPhone: () => string;
  sharePhoneButton: () => string;
  /** The word an owner types to skip a registration question; see `isSkipAnswer`. */
  skipWord: () => string;
  registrationComplete: () => string;
  /** Asked once: what is missing from the owner's file, in words. */
  completeYourFile: (params: { missing: readonly OwnerField[] }) => string;

  /** First answer to a report; for an emergency it starts with the emergency phone line. */
  ticketReceived: (params: {
    number: string;
    specialty: Specialty;
    urgency: Urgency;
    expectBy: string;
    emergencyPhone?: string;
  }) => string;

  followUpQuestion: (params: { number: string; summary: string }) => string;
  followUpAttach: (number: string) => string;
  followUpNew: () => string;
  addedToTicket: (number: string) => string;
  newTicketChosen: () => string;
  buttonExpired: () => string;
  /** The owner edited a message that is part of a ticket; staff were told. */
  editForwarded: (number: string) => string;

  acknowledged: (params: { number: string; staffName?: string }) => string;
  staffReply: (params: { number: string; staffName?: string; text: string }) => string;
  resolved: (params: { number: string; note: string }) => string;
  unresolvable: (params: { number: string; explanation: string }) => string;
  reopened: (params: { number: string }) => string;
  urgencyChanged: (params: {
    number: string;
    urgency: Urgency;
    expectBy: string;
    emergencyPhone?: string;
  }) => string;
  reassigned: (params: { number: string; specialty: Specialty }) => string;

  statusNone: () => string;
  statusList: (items: readonly StatusItem[]) => string;

  returnVisitQuestion: (params: { number: string }) => string;
  returnVisitScoreButton: (score: ReturnVisitScore) => string;
  returnVisitNotFixedButton: () => string;
  returnVisitThanks: (params: { number: string }) => string;
  /** After a rating: the owner's next message is taken as a comment. */
  returnVisitCommentInvite: () => string;
  returnVisitCommentThanks: (params: { number: string }) => string;
  /** "Not fixed" or a low score: the ticket is open again; `expectBy` is already formatted. */
  returnVisitReopened: (params: { number: string; expectBy: string }) => string;
  /** Follow-up of a cannot-resolve ticket: was the explanation clear (1–5)? */
  returnVisitExplanationQuestion: (params: { number: string }) => string;
  /** The explanation was not clear: a supervisor will get in touch. */
  returnVisitExplanationUnclear: (params: { number: string }) => string;
  /** Answer to a tap on a return-visit button that was answered before or is no longer current. */
  returnVisitAlreadyAnswered: () => string;

  /** Something the bot cannot take as a report, e.g. a sticker. */
  unsupportedMessage: () => string;
  /** A temporary failure: the message is saved and will be handled. */
  savedWillRetry: () => string;
}
