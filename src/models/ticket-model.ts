import { type Connection, type InferSchemaType, Schema } from 'mongoose';
import { NATURES, SPECIALTIES, URGENCIES } from '../core/taxonomy.js';

const historyEntrySchema = new Schema(
  {
    at: { type: Date, required: true },
    /** What happened: a state transition (`acknowledge`, `resolve`…) or a change (`reassign`, `urgency`). */
    event: { type: String, required: true },
    from: { type: String },
    to: { type: String },
    /** Slack user ID of the staff member, or `owner` / `system`. */
    by: { type: String, required: true },
    note: { type: String },
  },
  { _id: false },
);

/** A ticket: one owner report, its classification, its state and everything that happened to it. */
export const ticketSchema = new Schema(
  {
    /** Short readable number shown to owners and staff, e.g. `M-1042`. */
    number: { type: String, required: true },
    seq: { type: Number, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true, ref: 'Owner' },
    /** The Telegram message this ticket came from; unique so a redelivered update makes no second ticket. */
    source: {
      chatId: { type: Number, required: true },
      messageId: { type: Number, required: true },
    },
    text: { type: String, default: '' },
    specialty: { type: String, enum: SPECIALTIES, required: true },
    urgency: { type: String, enum: URGENCIES, required: true },
    nature: { type: String, enum: NATURES, required: true },
    /** The classifier's full answer (confidences and evidence), kept for staff and for learning. */
    classification: { type: Schema.Types.Mixed, required: true },
    status: {
      type: String,
      enum: ['new', 'acknowledged', 'resolved', 'unresolvable', 'reopened', 'closed'],
      required: true,
      default: 'new',
    },
    history: { type: [historyEntrySchema], default: [] },
  },
  { timestamps: true, collection: 'tickets', minimize: false },
);
ticketSchema.index({ number: 1 }, { unique: true });
ticketSchema.index({ seq: 1 }, { unique: true });
ticketSchema.index({ 'source.chatId': 1, 'source.messageId': 1 }, { unique: true });
ticketSchema.index({ ownerId: 1, status: 1 });
ticketSchema.index({ status: 1, specialty: 1, urgency: 1 });

export type TicketDocument = InferSchemaType<typeof ticketSchema>;

/** The tickets model on `connection`. */
export const ticketModel = (connection: Connection) =>
  connection.models.Ticket ?? connection.model('Ticket', ticketSchema);
