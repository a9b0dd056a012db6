import { BSON } from 'mongodb';
import { type Connection, Types } from 'mongoose';
import type { OutboxMessage } from '../core/outbox/outbox-message.js';
import type { Outbox, SaveResult, TicketStore } from '../core/ports.js';
import { ticketNumber } from '../core/tickets/route-ticket.js';
import { OPEN_STATUSES, type Ticket } from '../core/tickets/ticket.js';
import type { Logger } from '../logger.js';
import { nextSequence } from './counter-model.js';
import { ticketFromDocument, ticketToDocument } from './ticket-mapping.js';
import { ticketModel, ticketRevisionModel } from './ticket-model.js';

// biome-ignore lint/suspicious/noExplicitAny: a raw driver document, read field by field into the domain shape
type RawDocument = Record<string, any>;

const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;

/**
 * Effects are stored as Extended JSON text: outbox messages hold nested arrays (inline keyboards), which
 * FerretDB 1.x cannot store as documents.
 */
const encodeEffects = (effects: OutboxMessage[]): string => BSON.EJSON.stringify(effects);
const decodeEffects = (stored: unknown): OutboxMessage[] =>
  typeof stored === 'string'
    ? (BSON.EJSON.parse(stored) as OutboxMessage[])
    : ((stored as OutboxMessage[]) ?? []);

/**
 * Tickets as revisions. A save inserts revision `version + 1` — the unique (ticketId, version) index lets one
 * of two concurrent writers win — together with the outbox messages it causes, then enqueues those and updates
 * the `tickets` projection. A crash between the steps is repaired by the next read of the ticket or by
 * {@link MongoTicketStore.recover}: the revision is applied again, and the outbox ignores keys it already has.
 */
export class MongoTicketStore implements TicketStore {
  private readonly savedListeners = new Set<(ticket: Ticket) => Promise<void>>();

  constructor(
    private readonly connection: Connection,
    private readonly outbox: Outbox,
    private readonly logger: Logger,
  ) {}

  /**
   * Calls `listener` after each create and save with the saved ticket (the follow-up jobs plan from it). A failing
   * listener is logged, never fails the save: the jobs' reconciler catches up.
   */
  onSaved(listener: (ticket: Ticket) => Promise<void>): () => void {
    this.savedListeners.add(listener);
    return () => this.savedListeners.delete(listener);
  }

  private async notifySaved(ticket: Ticket): Promise<void> {
    for (const listener of this.savedListeners) {
      await listener(ticket).catch((error: unknown) =>
        this.logger.error({ err: error, ticketId: ticket.id }, 'after-save listener failed'),
      );
    }
  }

  private get tickets() {
    return ticketModel(this.connection);
  }

  private get revisions() {
    return ticketRevisionModel(this.connection);
  }

  async create(
    draft: Omit<Ticket, 'id' | 'number' | 'version' | 'updatedAt'>,
    effects: (ticket: Ticket) => OutboxMessage[],
  ): Promise<{ ticket: Ticket; created: boolean }> {
    const existing = await this.findBySource(draft.source.chatId, draft.source.messageId);
    if (existing) return { ticket: existing, created: false };
    const seq = await nextSequence(this.connection, 'ticket');
    const id = new Types.ObjectId();
    const ticket: Ticket = {
      ...draft,
      id: String(id),
      number: ticketNumber(draft.specialty, seq),
      version: 1,
      updatedAt: draft.createdAt,
    };
    const messages = effects(ticket);
    try {
      await this.tickets.collection.insertOne({
        _id: id,
        ...ticketToDocument(ticket),
        seq,
        pendingEffects: encodeEffects(messages),
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const raced = await this.findBySource(draft.source.chatId, draft.source.messageId);
      if (raced) return { ticket: raced, created: false };
      throw error;
    }
    await this.flushPendingEffects(id, messages);
    await this.notifySaved(ticket);
    return { ticket, created: true };
  }

  async save(ticket: Ticket, effects: OutboxMessage[]): Promise<SaveResult> {
    const next: Ticket = { ...ticket, version: ticket.version + 1 };
    const ticketId = new Types.ObjectId(ticket.id);
    const revision = {
      ticketId,
      version: next.version,
      state: ticketToDocument(next),
      effects: encodeEffects(effects),
      applied: false,
      at: new Date(),
    };
    try {
      await this.revisions.collection.insertOne(revision);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const current = await this.get(ticket.id);
      if (!current) throw new Error(`ticket ${ticket.id} vanished while saving`);
      return { saved: false, current };
    }
    await this.applyRevision(revision);
    await this.notifySaved(next);
    return { saved: true, ticket: next };
  }

  async get(id: string): Promise<Ticket | undefined> {
    if (!Types.ObjectId.isValid(id)) return undefined;
    const doc = await this.tickets.collection.findOne({ _id: new Types.ObjectId(id) });
    return doc ? this.rollForward(doc) : undefined;
  }

  async findByNumber(number: string): Promise<Ticket | undefined> {
    const doc = await this.tickets.collection.findOne({ number });
    return doc ? this.rollForward(doc) : undefined;
  }

  async findBySource(chatId: number, messageId: number): Promise<Ticket | undefined> {
    const doc = await this.tickets.collection.findOne({
      'source.chatId': chatId,
      'source.messageId': messageId,
    });
    return doc ? this.rollForward(doc) : undefined;
  }

  /** The ticket a Telegram message of the owner belongs to: its report or a follow-up. */
  async findByMessage(chatId: number, messageId: number): Promise<Ticket | undefined> {
    const doc = await this.tickets.collection.findOne({ chatId, messageIds: messageId });
    return doc ? this.rollForward(doc) : undefined;
  }

  async listActiveForOwner(ownerId: string): Promise<Ticket[]> {
    const docs = await this.tickets.collection
      .find({ ownerId: new Types.ObjectId(ownerId), status: { $ne: 'closed' } })
      .sort({ createdAt: -1 })
      .toArray();
    return Promise.all(docs.map((doc) => this.rollForward(doc)));
  }

  /** Open tickets (new, acknowledged, reopened), oldest first. */
  async listOpen(): Promise<Ticket[]> {
    const docs = await this.tickets.collection
      .find({ status: { $in: [...OPEN_STATUSES] } })
      .sort({ createdAt: 1 })
      .toArray();
    return Promise.all(docs.map((doc) => this.rollForward(doc)));
  }

  /** Tickets with follow-ups to plan: open ones and those resolved or cannot-resolve (return visits). */
  async listForFollowUp(): Promise<Ticket[]> {
    const docs = await this.tickets.collection
      .find({ status: { $in: [...OPEN_STATUSES, 'resolved', 'unresolvable'] } })
      .toArray();
    return Promise.all(docs.map((doc) => this.rollForward(doc)));
  }

  /** Tickets for the digest: those not closed, and those changed since `since`. */
  async listForDigest(since: Date): Promise<Ticket[]> {
    const docs = await this.tickets.collection
      .find({ $or: [{ status: { $ne: 'closed' } }, { updatedAt: { $gte: since } }] })
      .toArray();
    return Promise.all(docs.map((doc) => this.rollForward(doc)));
  }

  /**
   * The ticket of chat `chatId` whose return visit takes a comment at `now`, or whose comment was message
   * `messageId` already.
   */
  async findAwaitingComment(chatId: number, now: Date, messageId?: number): Promise<Ticket | undefined> {
    // Filtered here rather than by a query into the array, which not every MongoDB-wire server answers alike.
    const docs = await this.tickets.collection
      .find({ chatId, returnVisits: { $exists: true } })
      .sort({ updatedAt: -1 })
      .toArray();
    for (const doc of docs) {
      const ticket = await this.rollForward(doc);
      const visits = ticket.returnVisits ?? [];
      if (visits.some((v) => v.commentMessageId !== undefined && v.commentMessageId === messageId))
        return ticket;
      if (visits.some((v) => v.commentUntil && v.commentUntil > now && !v.comment)) return ticket;
    }
    return undefined;
  }

  /** Applies revisions and creation effects that a crash left half-done, older than `olderThanMs`. */
  async recover(olderThanMs = 5000): Promise<number> {
    const before = new Date(Date.now() - olderThanMs);
    let repaired = 0;
    const stale = await this.revisions.collection
      .find({ applied: false, at: { $lt: before } })
      .sort({ version: 1 })
      .toArray();
    for (const revision of stale) {
      await this.applyRevision(revision as never);
      repaired++;
    }
    const created = await this.tickets.collection
      .find({ pendingEffects: { $nin: ['', '[]', null] }, createdAt: { $lt: before } })
      .toArray();
    for (const doc of created) {
      await this.flushPendingEffects(doc._id as Types.ObjectId, decodeEffects(doc.pendingEffects));
      repaired++;
    }
    if (repaired > 0) this.logger.warn({ repaired }, 'completed ticket changes a crash had left half-done');
    return repaired;
  }

  private async flushPendingEffects(id: Types.ObjectId, messages: OutboxMessage[]): Promise<void> {
    if (messages.length > 0) await this.outbox.enqueue(messages);
    await this.tickets.collection.updateOne({ _id: id }, { $set: { pendingEffects: '' } });
  }

  private async applyRevision(revision: {
    ticketId: Types.ObjectId;
    version: number;
    state: Record<string, unknown>;
    effects: unknown;
  }): Promise<void> {
    const effects = decodeEffects(revision.effects);
    if (effects.length > 0) await this.outbox.enqueue(effects);
    await this.tickets.collection.updateOne(
      { _id: revision.ticketId, version: { $lt: revision.version } },
      { $set: revision.state },
    );
    await this.revisions.collection.updateOne(
      { ticketId: revision.ticketId, version: revision.version },
      { $set: { applied: true } },
    );
  }

  private async rollForward(doc: RawDocument): Promise<Ticket> {
    const pending = decodeEffects(doc.pendingEffects || '[]');
    if (pending.length > 0) await this.flushPendingEffects(doc._id, pending);
    const newer = await this.revisions.collection
      .find({ ticketId: doc._id, version: { $gt: doc.version } })
      .sort({ version: 1 })
      .toArray();
    if (newer.length === 0) return ticketFromDocument(doc);
    for (const revision of newer) await this.applyRevision(revision as never);
    const latest = newer.at(-1)!;
    return ticketFromDocument(latest.state as RawDocument, String(doc._id));
  }
}
