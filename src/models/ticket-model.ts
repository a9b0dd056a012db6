import { type Connection, type InferSchemaType, Schema } from 'mongoose';
import { NATURES, SPECIALTIES, URGENCIES } from '../core/taxonomy.js';
import { TICKET_STATUSES } from '../core/tickets/ticket.js';

const historyEntrySchema = new Schema(
  {
    at: { type: Date, required: true },
    event: { type: String, required: true },
    from: { type: String },
    to: { type: String },
    by: { type: String, required: true },
    note: { type: String },
  },
  { _id: false },
);

const actorSchema = { by: { type: String }, at: { type: Date } };

/**
 * The current state of each ticket (a projection of its revisions, see `mongo-ticket-store.ts`).
 * `pendingEffects` holds the outbox messages of its creation until they are enqueued.
 */
export const ticketSchema = new Schema(
  {
    number: { type: String, required: true },
    seq: { type: Number, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true, ref: 'Owner' },
    chatId: { type: Number, required: true },
    language: { type: String, enum: ['en', 'zh'], required: true },
    source: {
      chatId: { type: Number, required: true },
      messageId: { type: Number, required: true },
    },
    text: { type: String, default: '' },
    attachments: { type: [Schema.Types.Mixed], default: [] },
    specialty: { type: String, enum: SPECIALTIES, required: true },
    urgency: { type: String, enum: URGENCIES, required: true },
    nature: { type: String, enum: NATURES, required: true },
    classification: { type: Schema.Types.Mixed, required: true },
    status: { type: String, enum: TICKET_STATUSES, required: true, default: 'new' },
    deadlines: { acknowledgeBy: { type: Date, required: true }, resolveBy: { type: Date, required: true } },
    acknowledged: { type: actorSchema, default: undefined },
    resolved: { type: { ...actorSchema, note: { type: String } }, default: undefined },
    unresolvable: { type: { ...actorSchema, explanation: { type: String } }, default: undefined },
    missingOwnerInfo: { type: [String], default: [] },
    messageIds: { type: [Number], default: [] },
    history: { type: [historyEntrySchema], default: [] },
    /** Return visits with the owner's ratings and comments (see `ReturnVisit`). */
    returnVisits: { type: [Schema.Types.Mixed], default: undefined },
    version: { type: Number, required: true },
    /** Extended JSON of the creation's outbox messages; empty once enqueued. */
    pendingEffects: { type: String, default: '' },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'tickets', minimize: false, versionKey: false },
);
ticketSchema.index({ number: 1 }, { unique: true });
ticketSchema.index({ seq: 1 }, { unique: true });
ticketSchema.index({ 'source.chatId': 1, 'source.messageId': 1 }, { unique: true });
ticketSchema.index({ chatId: 1, messageIds: 1 });
ticketSchema.index({ ownerId: 1, status: 1 });
ticketSchema.index({ status: 1, specialty: 1, urgency: 1 });

export type TicketDocument = InferSchemaType<typeof ticketSchema>;

/** The tickets model on `connection`. */
export const ticketModel = (connection: Connection) =>
  connection.models.Ticket ?? connection.model('Ticket', ticketSchema);

/**
 * Every saved change of a ticket, whole, with the outbox messages it causes. The unique (ticketId, version)
 * index is what lets exactly one of two concurrent writers win, on any MongoDB-wire server.
 */
export const ticketRevisionSchema = new Schema(
  {
    ticketId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    state: { type: Schema.Types.Mixed, required: true },
    /** Extended JSON of the outbox messages this change causes. */
    effects: { type: String, default: '[]' },
    applied: { type: Boolean, required: true, default: false },
    at: { type: Date, required: true },
  },
  { collection: 'ticket_revisions', minimize: false, versionKey: false },
);
ticketRevisionSchema.index({ ticketId: 1, version: 1 }, { unique: true });
ticketRevisionSchema.index({ applied: 1, at: 1 });

export const ticketRevisionModel = (connection: Connection) =>
  connection.models.TicketRevision ?? connection.model('TicketRevision', ticketRevisionSchema);
