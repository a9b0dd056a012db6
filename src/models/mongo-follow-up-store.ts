import type { Connection } from 'mongoose';
import type { FollowUpStore, PendingFollowUp } from '../core/intake/intake-deps.js';

type PendingDocument = Omit<PendingFollowUp, 'id'> & { _id: string };

const fromDocument = ({ _id, ...rest }: PendingDocument): PendingFollowUp => ({
  id: _id,
  ...rest,
  receivedAt: new Date(rest.receivedAt),
});

/** Owner messages held until the owner says which ticket they belong to (collection `pending_follow_ups`). */
export class MongoFollowUpStore implements FollowUpStore {
  constructor(private readonly connection: Connection) {}

  private get collection() {
    return this.connection.collection<PendingDocument>('pending_follow_ups');
  }

  async put(pending: PendingFollowUp): Promise<PendingFollowUp> {
    const { id, ...rest } = pending;
    try {
      await this.collection.insertOne({ _id: id, ...rest });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
    return (await this.get(id)) ?? pending;
  }

  async get(id: string): Promise<PendingFollowUp | undefined> {
    const doc = await this.collection.findOne({ _id: id });
    return doc ? fromDocument(doc) : undefined;
  }

  async decide(id: string, ticketId: string): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { decidedTicketId: ticketId } });
  }

  async updateText(id: string, text: string): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { text } });
  }
}
