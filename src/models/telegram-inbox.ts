import type { Connection } from 'mongoose';
import type { Update } from 'telegraf/types';
import { type TelegramUpdateStatus, telegramUpdateModel } from './telegram-update-model.js';

/** How an update reached the service. */
export type UpdateSource = 'polling' | 'webhook';

/** One stored update, as {@link TelegramInbox} reads it back. */
export interface StoredUpdate {
  /** The `update_id`. */
  _id: number;
  chatKey: string;
  kind: string;
  payload: Update;
  status: TelegramUpdateStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError?: string;
  source: UpdateSource;
  receivedAt: Date;
  doneAt?: Date;
}

/** How an update is stored: its payload as JSON text. */
type StoredDocument = Omit<StoredUpdate, 'payload'> & { payload: string };

/** A pending update as {@link TelegramInbox.pending} lists it. */
export interface PendingUpdate {
  updateId: number;
  chatKey: string;
  nextAttemptAt: Date;
}

/** The poller's resume point: the highest `update_id` of the last batch it stored, and when. */
export interface PollOffset {
  lastUpdateId: number;
  at: Date;
}

interface PollStateDocument {
  _id: string;
  lastUpdateId: number;
  at: Date;
}

interface ChatCarrier {
  id?: unknown;
  chat?: { id?: unknown };
  message?: { chat?: { id?: unknown } };
  from?: { id?: unknown };
  user?: { id?: unknown };
  voter_chat?: { id?: unknown };
}

const UPDATES = 'telegram_updates';
const POLL_STATE = 'telegram_poller_state';
const MAX_ERROR_LENGTH = 2000;

/**
 * The key that orders an update: the chat it happened in (`message.chat.id`, `callback_query.message.chat.id`,
 * `my_chat_member.chat.id`…), else the user who caused it (`callback_query.from.id`, `inline_query.from.id`…;
 * in a private chat the chat id is the user id, so an owner's messages and button presses share one key), else
 * a key of its own (`poll:<update_id>`).
 */
export function chatKeyOf(update: Update): string {
  const kind = updateKind(update);
  const body = (update as unknown as Record<string, ChatCarrier | undefined>)[kind];
  const id =
    body?.chat?.id ?? body?.message?.chat?.id ?? body?.from?.id ?? body?.user?.id ?? body?.voter_chat?.id;
  return typeof id === 'number' || typeof id === 'string' ? String(id) : `${kind}:${update.update_id}`;
}

/** The update's type: its one field besides `update_id`. */
export function updateKind(update: Update): string {
  return Object.keys(update).find((key) => key !== 'update_id') ?? 'unknown';
}

/** A short description of a failure for `lastError`. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/**
 * The durable inbox of Telegram updates (`telegram_updates`). Updates are stored whole before Telegram is told
 * they arrived; a redelivered `update_id` is ignored. Writes that change an update's status are made by the
 * holder of the update's chat lease only (see `InboxProcessor`), so they need no atomic read-modify-write.
 */
export class TelegramInbox {
  constructor(private readonly connection: Connection) {}

  private get updates() {
    return this.connection.collection<StoredDocument>(UPDATES);
  }

  private get pollState() {
    return this.connection.collection<PollStateDocument>(POLL_STATE);
  }

  /** Creates the collection and its indexes (idempotent); `ensureIndexes` of the app does the same. */
  async ensureIndexes(): Promise<void> {
    const model = telegramUpdateModel(this.connection);
    await model.createCollection().catch((error: { code?: number }) => {
      if (error.code !== 48) throw error;
    });
    await model.createIndexes();
  }

  /**
   * Stores updates durably as `pending`; those already stored (same `update_id`) are left as they are.
   * Resolves with how many were new, once every one of them is written; rejects when any could not be.
   */
  async store(updates: readonly Update[], source: UpdateSource, now = new Date()): Promise<number> {
    const byId = new Map(updates.map((update) => [update.update_id, update]));
    if (byId.size === 0) return 0;
    const documents: StoredDocument[] = [...byId.values()].map((update) => ({
      _id: update.update_id,
      chatKey: chatKeyOf(update),
      kind: updateKind(update),
      payload: JSON.stringify(update),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      source,
      receivedAt: now,
    }));
    try {
      const result = await this.updates.insertMany(documents, { ordered: false });
      return result.insertedCount;
    } catch (error) {
      const bulk = error as { writeErrors?: unknown; writeConcernError?: unknown; insertedCount?: number };
      const writeErrors = [bulk.writeErrors ?? []].flat() as { code?: number }[];
      const onlyDuplicates =
        writeErrors.length > 0 && writeErrors.every((e) => e.code === 11000) && !bulk.writeConcernError;
      if (!onlyDuplicates || typeof bulk.insertedCount !== 'number') throw error;
      return bulk.insertedCount;
    }
  }

  /** Records the highest `update_id` of a batch the poller has stored. */
  async savePollOffset(lastUpdateId: number, now = new Date()): Promise<void> {
    try {
      await this.pollState.updateOne(
        { _id: 'offset' },
        { $set: { lastUpdateId, at: now } },
        { upsert: true },
      );
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      await this.pollState.updateOne({ _id: 'offset' }, { $set: { lastUpdateId, at: now } });
    }
  }

  async pollOffset(): Promise<PollOffset | undefined> {
    const state = await this.pollState.findOne({ _id: 'offset' });
    return state ? { lastUpdateId: state.lastUpdateId, at: state.at } : undefined;
  }

  async get(updateId: number): Promise<StoredUpdate | undefined> {
    const doc = await this.updates.findOne({ _id: updateId });
    if (!doc) return undefined;
    return { ...doc, payload: JSON.parse(doc.payload) as Update };
  }

  /** Stored updates matching `filter`, in `update_id` order. */
  async list(filter: { status?: TelegramUpdateStatus; chatKey?: string } = {}): Promise<StoredUpdate[]> {
    const docs = await this.updates.find(filter, { sort: { _id: 1 } }).toArray();
    return docs.map((doc) => ({ ...doc, payload: JSON.parse(doc.payload) as Update }));
  }

  /** How many updates are in each status. */
  async counts(): Promise<Record<TelegramUpdateStatus, number>> {
    const [pending, done, failed] = await Promise.all(
      (['pending', 'done', 'failed'] as const).map((status) => this.updates.countDocuments({ status })),
    );
    return { pending: pending!, done: done!, failed: failed! };
  }

  /**
   * Every pending update, in `update_id` order, without its payload: one query a round for the processor, which
   * then reads each update by id (the only lookup FerretDB 1.x answers without a scan).
   */
  async pending(): Promise<PendingUpdate[]> {
    const documents = await this.updates
      .find({ status: 'pending' }, { projection: { _id: 1, chatKey: 1, nextAttemptAt: 1 }, sort: { _id: 1 } })
      .toArray();
    return documents.map((d) => ({ updateId: d._id, chatKey: d.chatKey, nextAttemptAt: d.nextAttemptAt }));
  }

  async markDone(updateId: number, now = new Date()): Promise<void> {
    await this.updates.updateOne({ _id: updateId }, { $set: { status: 'done', doneAt: now } });
  }

  /**
   * Forgets the updates handled before `before`; returns how many. Telegram redelivers an update for a day at
   * most, so a week later its record only slows FerretDB's scans for pending ones (and, after a quiet week,
   * Telegram may hand out update_ids again from a random start).
   */
  async forgetDone(before: Date): Promise<number> {
    const result = await this.updates.deleteMany({ status: 'done', doneAt: { $lt: before } });
    return result.deletedCount;
  }

  /** Counts a failed attempt and holds the update (and so its chat) until `nextAttemptAt`. */
  async markRetry(updateId: number, attempts: number, error: unknown, nextAttemptAt: Date): Promise<void> {
    await this.updates.updateOne(
      { _id: updateId },
      { $set: { attempts, nextAttemptAt, lastError: describeError(error) } },
    );
  }

  /** Gives up on an update; its chat's later updates go ahead. */
  async markFailed(updateId: number, attempts: number, error: unknown): Promise<void> {
    await this.updates.updateOne(
      { _id: updateId },
      { $set: { status: 'failed', attempts, lastError: describeError(error) } },
    );
  }
}
