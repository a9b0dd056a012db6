import type { CardStore, Clock, OwnerStore, TicketStore } from '../ports.js';
import type { StaffMember } from '../tickets/authorize-staff.js';
import type { DeadlinePolicy } from '../tickets/plan-deadlines.js';

/** A correction of the classifier by staff, kept for it to learn from. */
export interface Correction {
  ticketId: string;
  ticketNumber: string;
  text: string;
  field: 'specialty' | 'urgency';
  from: string;
  to: string;
  by: string;
  at: Date;
}

/** Where corrections are kept. */
export interface CorrectionLog {
  record(correction: Correction): Promise<void>;
}

/** What the staff-side use cases need. */
export interface StaffDeps {
  tickets: TicketStore;
  owners: OwnerStore;
  cards: CardStore;
  corrections: CorrectionLog;
  clock: Clock;
  settings: {
    timeZone: string;
    emergencyPhone: string;
    people: readonly StaffMember[];
    deadlines: DeadlinePolicy;
    supervisorsChannel: string;
    /** Ordinary tickets' notices to owners in this daily span wait for its end (minutes after midnight). */
    quietHours?: { start: number; end: number };
  };
}

/** How a staff action ended, for the person who clicked. */
export type StaffOutcome =
  | { kind: 'done'; message?: string }
  /** The action was done before (a second click); says what happened. */
  | { kind: 'already'; message: string }
  /** This person may not act on this ticket, or the action is not possible now. */
  | { kind: 'refused'; message: string }
  | { kind: 'not-found'; message: string };
