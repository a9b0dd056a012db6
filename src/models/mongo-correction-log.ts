import type { Connection } from 'mongoose';
import type { Correction, CorrectionLog } from '../core/staff/staff-deps.js';

/** Staff corrections of the classifier (collection `classifier_corrections`), for it to learn from later. */
export class MongoCorrectionLog implements CorrectionLog {
  constructor(private readonly connection: Connection) {}

  async record(correction: Correction): Promise<void> {
    await this.connection.collection('classifier_corrections').insertOne({ ...correction });
  }

  async list(ticketId?: string): Promise<Correction[]> {
    const docs = await this.connection
      .collection('classifier_corrections')
      .find(ticketId ? { ticketId } : {}, { projection: { _id: 0 } })
      .sort({ at: 1 })
      .toArray();
    return docs as unknown as Correction[];
  }
}
