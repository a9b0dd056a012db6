import { type Connection, type InferSchemaType, Schema } from 'mongoose';
import { OWNER_FIELDS } from '../core/tickets/owner.js';

/** An owner's file: who they are, where they live, and how to reach them in Telegram. */
export const ownerSchema = new Schema(
  {
    telegramUserId: { type: Number, required: true },
    chatId: { type: Number, required: true },
    language: { type: String, enum: ['en', 'zh'], required: true },
    telegramName: { type: String, required: true },
    username: { type: String },
    name: { type: String },
    building: { type: String },
    unit: { type: String },
    /** Shared through Telegram's contact button; never logged in full. */
    phone: { type: String },
    awaiting: { type: String, enum: OWNER_FIELDS },
    registrationAskedAt: { type: Date },
    /** The ticket further messages go to, chosen by the owner, until `until`. */
    followUpTarget: { type: { ticketId: String, until: Date }, default: undefined },
    unreachableSince: { type: Date },
  },
  { timestamps: true, collection: 'owners' },
);
ownerSchema.index({ telegramUserId: 1 }, { unique: true });
ownerSchema.index({ building: 1, unit: 1 });

export type OwnerDocument = InferSchemaType<typeof ownerSchema>;

/** The owners model on `connection`. */
export const ownerModel = (connection: Connection) =>
  connection.models.Owner ?? connection.model('Owner', ownerSchema);
