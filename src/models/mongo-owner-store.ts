import { type Connection, Types } from 'mongoose';
import type { OwnerStore } from '../core/ports.js';
import type { Owner } from '../core/tickets/owner.js';
import { ownerModel } from './owner-model.js';

// biome-ignore lint/suspicious/noExplicitAny: a raw driver document, read field by field into the domain shape
type RawDocument = Record<string, any>;

const toOwner = (doc: RawDocument): Owner => {
  const owner: Owner = {
    id: String(doc._id),
    telegramUserId: doc.telegramUserId,
    chatId: doc.chatId,
    language: doc.language,
    telegramName: doc.telegramName,
  };
  for (const key of ['username', 'name', 'building', 'unit', 'phone', 'awaiting'] as const) {
    if (doc[key]) owner[key] = doc[key];
  }
  if (doc.registrationAskedAt) owner.registrationAskedAt = new Date(doc.registrationAskedAt);
  if (doc.unreachableSince) owner.unreachableSince = new Date(doc.unreachableSince);
  if (doc.followUpTarget?.ticketId) {
    owner.followUpTarget = {
      ticketId: doc.followUpTarget.ticketId,
      until: new Date(doc.followUpTarget.until),
    };
  }
  return owner;
};

/** Owners' files in MongoDB, one per Telegram user (unique index). */
export class MongoOwnerStore implements OwnerStore {
  constructor(private readonly connection: Connection) {}

  private get owners() {
    return ownerModel(this.connection).collection;
  }

  async findByTelegramUser(telegramUserId: number): Promise<Owner | undefined> {
    const doc = await this.owners.findOne({ telegramUserId });
    return doc ? toOwner(doc) : undefined;
  }

  async get(id: string): Promise<Owner | undefined> {
    if (!Types.ObjectId.isValid(id)) return undefined;
    const doc = await this.owners.findOne({ _id: new Types.ObjectId(id) });
    return doc ? toOwner(doc) : undefined;
  }

  async upsertFromTelegram(
    input: Pick<Owner, 'telegramUserId' | 'chatId' | 'language' | 'telegramName' | 'username'>,
  ): Promise<Owner> {
    const existing = await this.findByTelegramUser(input.telegramUserId);
    if (existing) return existing;
    const now = new Date();
    try {
      await this.owners.insertOne({ ...input, createdAt: now, updatedAt: now });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
    const owner = await this.findByTelegramUser(input.telegramUserId);
    if (!owner) throw new Error(`owner ${input.telegramUserId} could not be created`);
    return owner;
  }

  async update(id: string, changes: Partial<Omit<Owner, 'id' | 'telegramUserId'>>): Promise<Owner> {
    const set: Record<string, unknown> = { updatedAt: new Date() };
    const unset: Record<string, ''> = {};
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) unset[key] = '';
      else set[key] = value;
    }
    await this.owners.updateOne(
      { _id: new Types.ObjectId(id) },
      { $set: set, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) },
    );
    const owner = await this.get(id);
    if (!owner) throw new Error(`owner ${id} not found`);
    return owner;
  }
}
