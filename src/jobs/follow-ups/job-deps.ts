import type { CardStore, Clock, Outbox, OwnerStore } from '../../core/ports.js';
import type { FollowUpSettings } from '../../core/schedule/follow-up-settings.js';
import type { Logger } from '../../logger.js';
import type { MongoTicketStore } from '../../models/mongo-ticket-store.js';
import type { TicketJobScheduler } from './schedule-ticket-jobs.js';

/** What the follow-up jobs need. Every send goes through the outbox under a key derived from the job's purpose. */
export interface JobDeps {
  tickets: MongoTicketStore;
  owners: OwnerStore;
  cards: CardStore;
  outbox: Outbox;
  clock: Clock;
  settings: FollowUpSettings;
  scheduler: TicketJobScheduler;
  logger: Logger;
}

/** Names of the jobs, one per file. */
export const JOB_NAMES = {
  escalate: 'escalate-ticket',
  page: 'page-on-duty',
  returnVisit: 'return-visit',
  closeVisit: 'close-unanswered-visit',
  digest: 'morning-digest',
} as const;

/** Data every job carries: `jobKey` is unique (index), so one job exists per ticket, purpose and planned time. */
export interface JobData {
  jobKey: string;
  ticketId?: string;
}
