import { type Connection, Schema } from 'mongoose';
import type { CardLocation, CardStore } from '../core/ports.js';
import { SPECIALTIES } from '../core/taxonomy.js';

type CardDocument = Omit<CardLocation, 'current'> & { recordedAt: Date };

export const cardSchema = new Schema<CardDocument>(
  {
    ticketId: { type: String, required: true },
    department: { type: String, enum: SPECIALTIES, required: true },
    channel: { type: String, required: true },
    ts: { type: String, required: true },
    postedAt: { type: Date, required: true },
    recordedAt: { type: Date, required: true },
  },
  { collection: 'slack_cards', versionKey: false },
);
cardSchema.index({ channel: 1, ts: 1 }, { unique: true });
cardSchema.index({ ticketId: 1, postedAt: -1 });

/** The Slack cards model on `connection`. */
export const cardModel = (connection: Connection) =>
  connection.models.SlackCard ?? connection.model<CardDocument>('SlackCard', cardSchema);

/**
 * Slack cards in MongoDB, one row per posted message (unique on channel and ts, so recording twice is harmless).
 * A ticket's current card is the one posted last.
 */
export class MongoCardStore implements CardStore {
  private ready: Promise<void> | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private get model() {
    return cardModel(this.connection);
  }

  /** Creates the collection and its indexes once. */
  init(): Promise<void> {
    this.ready ??= (async () => {
      await this.model.createCollection().catch((error: { code?: number }) => {
        if (error.code !== 48) throw error;
      });
      await this.model.createIndexes();
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async record(card: Omit<CardLocation, 'current'>): Promise<void> {
    await this.init();
    try {
      await this.model.collection.insertOne({
        ticketId: card.ticketId,
        department: card.department,
        channel: card.channel,
        ts: card.ts,
        postedAt: card.postedAt,
        recordedAt: this.clock(),
      });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }

  async current(ticketId: string): Promise<CardLocation | undefined> {
    return (await this.all(ticketId)).find((card) => card.current);
  }

  async all(ticketId: string): Promise<CardLocation[]> {
    const docs = await this.model.find({ ticketId }).lean<CardDocument[]>();
    const sorted = docs.sort(byPosting);
    return sorted.map((doc, index) => toLocation(doc, index === sorted.length - 1));
  }

  async findByMessage(channel: string, ts: string): Promise<CardLocation | undefined> {
    const doc = await this.model.findOne({ channel, ts }).lean<CardDocument>();
    if (!doc) return undefined;
    const current = await this.current(doc.ticketId);
    return toLocation(doc, current?.channel === doc.channel && current.ts === doc.ts);
  }
}

/** Oldest first: by posting time, then by Slack ts (which orders posts within a second). */
function byPosting(a: CardDocument, b: CardDocument): number {
  const byTime = a.postedAt.getTime() - b.postedAt.getTime();
  if (byTime !== 0) return byTime;
  return Number(a.ts) - Number(b.ts) || a.recordedAt.getTime() - b.recordedAt.getTime();
}

function toLocation(doc: CardDocument, current: boolean): CardLocation {
  return {
    ticketId: doc.ticketId,
    department: doc.department,
    channel: doc.channel,
    ts: doc.ts,
    current,
    postedAt: doc.postedAt,
  };
}
