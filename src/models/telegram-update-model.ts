import { type Connection, Schema } from 'mongoose';

/** Where an update is in its processing: waiting (or waiting for a retry), processed, or given up on. */
export const TELEGRAM_UPDATE_STATUSES = ['pending', 'done', 'failed'] as const;
export type TelegramUpdateStatus = (typeof TELEGRAM_UPDATE_STATUSES)[number];

/**
 * Every update Telegram delivered, stored whole before it is confirmed. `_id` is the `update_id`, so a
 * redelivered update is refused by the primary key and stored once.
 */
export const telegramUpdateSchema = new Schema(
  {
    /** The update's `update_id`. */
    _id: { type: Number, required: true },
    /** What orders the update against others: the chat it belongs to (see `chatKeyOf`). */
    chatKey: { type: String, required: true },
    /** The update's type, e.g. `message`, `callback_query`. */
    kind: { type: String, required: true },
    /** The update exactly as Telegram sent it. */
    /** The update as JSON text: updates hold nested arrays (inline keyboards), which FerretDB 1.x cannot store. */
    payload: { type: String, required: true },
    status: { type: String, enum: TELEGRAM_UPDATE_STATUSES, required: true, default: 'pending' },
    /** Failed handling attempts so far. */
    attempts: { type: Number, required: true, default: 0 },
    /** Not to be handled before this time (set after a failed attempt). */
    nextAttemptAt: { type: Date, required: true },
    lastError: { type: String },
    /** `polling` or `webhook`. */
    source: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    doneAt: { type: Date },
  },
  { collection: 'telegram_updates', versionKey: false, minimize: false },
);
telegramUpdateSchema.index({ chatKey: 1, status: 1, _id: 1 });
telegramUpdateSchema.index({ status: 1, nextAttemptAt: 1 });

/** The Telegram updates model on `connection`. */
export const telegramUpdateModel = (connection: Connection) =>
  connection.models.TelegramUpdate ?? connection.model('TelegramUpdate', telegramUpdateSchema);
