import { BSON } from 'mongodb';
import { type Connection, Schema, type Types } from 'mongoose';
import type { OutboxKind, OutboxMessage } from '../core/outbox/outbox-message.js';
import type { DeliveryResult, OutboxPlatform } from '../core/outbox/outbox-transport.js';

/** Where an outbox message is: waiting (or retrying), being sent, or done. */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** One outbox row. */
export interface OutboxDocument {
  _id: Types.ObjectId;
  /** The message's deterministic key; unique, so an effect enqueued twice is stored once. */
  key: string;
  kind: OutboxKind;
  platform: OutboxPlatform;
  orderKey: string;
  /**
   * The message as Extended JSON text: FerretDB 1.x stores no arrays inside arrays (inline keyboards, some blocks),
   * and EJSON keeps dates (`notBefore`).
   */
  message: string;
  /** Enqueue order: time (never decreasing within a process), then a per-process sequence. */
  enqueuedAt: Date;
  seq: number;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  firstAttemptAt?: Date;
  attemptStartedAt?: Date;
  /** Just inserted: enqueue has yet to check the archive and release it (or it died doing so; then due later). */
  held?: boolean;
  /** The dispatcher that made the latest attempt. */
  attemptBy?: string;
  /** An earlier attempt may have been carried out: the next one checks before sending. */
  uncertain?: boolean;
  /** The transport's record of parts already sent. */
  progress?: unknown;
  lastError?: Record<string, unknown>;
  result?: DeliveryResult;
  sentAt?: Date;
  failedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export const outboxSchema = new Schema<OutboxDocument>(
  {
    key: { type: String, required: true },
    kind: { type: String, required: true },
    platform: { type: String, enum: ['telegram', 'slack'], required: true },
    orderKey: { type: String, required: true },
    message: { type: String, required: true },
    enqueuedAt: { type: Date, required: true },
    seq: { type: Number, required: true },
    status: { type: String, enum: ['pending', 'sending', 'sent', 'failed'], required: true },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    firstAttemptAt: { type: Date },
    attemptStartedAt: { type: Date },
    attemptBy: { type: String },
    held: { type: Boolean },
    uncertain: { type: Boolean },
    progress: { type: Schema.Types.Mixed },
    lastError: { type: Schema.Types.Mixed },
    result: { type: Schema.Types.Mixed },
    sentAt: { type: Date },
    failedAt: { type: Date },
  },
  { timestamps: true, collection: 'outbox', versionKey: false, minimize: false },
);
outboxSchema.index({ key: 1 }, { unique: true });
outboxSchema.index({ status: 1, nextAttemptAt: 1 });
outboxSchema.index({ orderKey: 1, status: 1, enqueuedAt: 1, seq: 1 });

/** The outbox model on `connection`. */
export const outboxModel = (connection: Connection) =>
  connection.models.Outbox ?? connection.model<OutboxDocument>('Outbox', outboxSchema);

/**
 * A finished outbox message (sent or failed), moved out of `outbox` under `_id` = its key. FerretDB 1.x filters by
 * scanning every document (only `_id` equality is looked up directly), so the dispatcher's collection holds only
 * messages still to deliver, and this one answers "was this key enqueued before?" by `_id`.
 */
export type OutboxDoneDocument = Omit<OutboxDocument, '_id'> & {
  _id: string;
  rowId: Types.ObjectId;
  archivedAt: Date;
};

/** The archive of finished messages on `connection`. */
export const outboxDoneCollection = (connection: Connection) =>
  connection.collection<OutboxDoneDocument>('outbox_done');

/**
 * One attempt to deliver one outbox message, claimed by inserting `<message id>:<attempt>` under the unique `_id`:
 * two dispatchers that both believe they may send a message cannot both start the same attempt.
 */
export interface OutboxAttemptDocument {
  _id: string;
  holder: string;
  at: Date;
}

export const outboxAttemptSchema = new Schema<OutboxAttemptDocument>(
  { _id: { type: String, required: true }, holder: { type: String, required: true }, at: { type: Date } },
  { collection: 'outbox_attempts', versionKey: false },
);
outboxAttemptSchema.index({ at: 1 });

/** The attempt-claims model on `connection`. */
export const outboxAttemptModel = (connection: Connection) =>
  connection.models.OutboxAttempt ??
  connection.model<OutboxAttemptDocument>('OutboxAttempt', outboxAttemptSchema);

/** A message as stored in {@link OutboxDocument.message}. */
export const encodeMessage = (message: OutboxMessage): string => BSON.EJSON.stringify(message);

/** The message stored in {@link OutboxDocument.message}. */
export const decodeMessage = (stored: string): OutboxMessage => BSON.EJSON.parse(stored) as OutboxMessage;

/** The platform that delivers messages of `kind`. */
export const platformOf = (kind: OutboxKind): OutboxPlatform =>
  kind.startsWith('telegram.') ? 'telegram' : 'slack';

/** Creates the outbox collections and their indexes (idempotent). */
export async function ensureOutboxIndexes(connection: Connection): Promise<void> {
  for (const model of [outboxModel(connection), outboxAttemptModel(connection)]) {
    await model.createCollection().catch((error: { code?: number }) => {
      if (error.code !== 48) throw error;
    });
    await model.createIndexes();
  }
  await connection.createCollection('outbox_done').catch((error: { code?: number }) => {
    if (error.code !== 48) throw error;
  });
}
