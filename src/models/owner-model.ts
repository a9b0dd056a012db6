import { type Connection, type InferSchemaType, Schema } from 'mongoose';

/** An owner's file: who they are, where they live, and how to reach them in Telegram. */
export const ownerSchema = new Schema(
  {
    telegramUserId: { type: Number, required: true },
    chatId: { type: Number, required: true },
    language: { type: String, enum: ['en', 'zh'], required: true },
    telegramName: { type: String, required: true },
    username: { type: String },
    /** Name as the owner gave it during registration. */
    name: { type: String },
    building: { type: String },
    unit: { type: String },
    /** Shared through Telegram's contact button; never logged in full. */
    phone: { type: String },
    /** Next registration question the bot is waiting for an answer to, if any. */
    awaiting: { type: String, enum: ['name', 'building', 'unit', 'phone'] },
    /** Set when Telegram refuses messages to this owner (bot blocked, chat gone). */
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
