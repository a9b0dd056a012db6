import { type Connection, Schema } from 'mongoose';
import type { CardLocation, CardStore } from '../core/ports.js';
import { SPECIALTIES, type Specialty } from '../core/taxonomy.js';

type CardDocument = Omit<CardLocation, 'current'> & { _id: string; recordedAt: Date };

interface TicketCardsDocument {
  _id: string;
  cards: { channel: string; ts: string; department: Specialty; postedAt: Date }[];
}

/** One posted card, under `_id` = `<channel>:<ts>`. */
export const cardSchema = new Schema<CardDocument>(
  {
    _id: { type: String, required: true },
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

/** The Slack cards model on `connection`. */
export const cardModel = (connection: Connection) =>
  connection.models.SlackCard ?? connection.model<CardDocument>('SlackCard', cardSchema);

const cardId = (channel: string, ts: string): string => `${channel}:${ts}`;

/**
 * Slack cards in MongoDB: one row per posted message (`slack_cards`, unique on channel and ts, so recording twice is
 * harmless) and one list per ticket (`slack_ticket_cards`). Every read is by `_id`, which FerretDB 1.x looks up
 * directly where any other filter scans the whole collection. A ticket's current card is the one posted last.
 * Recording is serialized per ticket by the outbox (one ticket's Slack messages are delivered one at a time).
 */
export class MongoCardStore implements CardStore {
  private ready: Promise<void> | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private get cards() {
    return this.connection.collection<CardDocument>('slack_cards');
  }

  private get tickets() {
    return this.connection.collection<TicketCardsDocument>('slack_ticket_cards');
  }

  /** Creates the collections and indexes once. */
  init(): Promise<void> {
    this.ready ??= (async () => {
      const model = cardModel(this.connection);
      for (const create of [
        () => model.createCollection(),
        () => this.connection.createCollection('slack_ticket_cards'),
      ]) {
        await create().catch((error: { code?: number }) => {
          if (error.code !== 48) throw error;
        });
      }
      await model.createIndexes();
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async record(card: Omit<CardLocation, 'current'>): Promise<void> {
    await this.init();
    try {
      await this.cards.insertOne({
        _id: cardId(card.channel, card.ts),
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
    const entry = {
      channel: card.channel,
      ts: card.ts,
      department: card.department,
      postedAt: card.postedAt,
    };
    for (let attempt = 0; ; attempt++) {
      const listed = (await this.tickets.findOne({ _id: card.ticketId }))?.cards ?? [];
      if (listed.some((c) => c.channel === card.channel && c.ts === card.ts)) return;
      try {
        await this.tickets.updateOne(
          { _id: card.ticketId },
          { $set: { cards: [...listed, entry] } },
          { upsert: true },
        );
        return;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000 || attempt >= 3) throw error;
      }
    }
  }

  async current(ticketId: string): Promise<CardLocation | undefined> {
    return (await this.all(ticketId)).at(-1);
  }

  async all(ticketId: string): Promise<CardLocation[]> {
    const listed = (await this.tickets.findOne({ _id: ticketId }))?.cards ?? [];
    const sorted = [...listed].sort(byPosting);
    return sorted.map((card, index) => ({ ticketId, ...card, current: index === sorted.length - 1 }));
  }

  async findByMessage(channel: string, ts: string): Promise<CardLocation | undefined> {
    const doc = await this.cards.findOne({ _id: cardId(channel, ts) });
    if (!doc) return undefined;
    const current = await this.current(doc.ticketId);
    return {
      ticketId: doc.ticketId,
      department: doc.department,
      channel: doc.channel,
      ts: doc.ts,
      postedAt: doc.postedAt,
      current: current !== undefined && current.channel === doc.channel && current.ts === doc.ts,
    };
  }
}

/** Oldest first: by posting time, then by Slack ts (which orders posts within a second). */
function byPosting(a: { postedAt: Date; ts: string }, b: { postedAt: Date; ts: string }): number {
  return a.postedAt.getTime() - b.postedAt.getTime() || Number(a.ts) - Number(b.ts);
}
