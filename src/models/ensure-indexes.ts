import type { Connection } from 'mongoose';
import { sequenceModel } from './counter-model.js';
import { ownerModel } from './owner-model.js';
import { telegramUpdateModel } from './telegram-update-model.js';
import { ticketModel, ticketRevisionModel } from './ticket-model.js';

/** Registers every model on `connection` and creates their indexes (idempotent). */
export async function ensureIndexes(connection: Connection): Promise<void> {
  for (const model of [
    ownerModel(connection),
    ticketModel(connection),
    ticketRevisionModel(connection),
    sequenceModel(connection),
    telegramUpdateModel(connection),
  ]) {
    await model.createCollection().catch((error: { code?: number }) => {
      if (error.code !== 48) throw error;
    });
    await model.createIndexes();
  }
}
