import { type Connection, Types } from 'mongoose';
import { type OutboxMessage, orderKeyOf } from '../core/outbox/outbox-message.js';
import type { Outbox } from '../core/ports.js';
import {
  encodeMessage,
  ensureOutboxIndexes,
  type OutboxDocument,
  outboxDoneCollection,
  outboxModel,
  platformOf,
} from './outbox-model.js';

/** New rows wait this long unless released: a row enqueued again just as its twin was archived is never sent. */
const HOLD_MS = 30_000;

/**
 * The outbox in MongoDB. A message is stored once per `key` ever: the unique index on `outbox.key` covers messages
 * still to deliver, `outbox_done` (by `_id`) the finished ones. Listeners registered with
 * {@link MongoOutbox.onEnqueued} hear of new rows at once (an in-process dispatcher's `kick`).
 */
export class MongoOutbox implements Outbox {
  private readonly listeners = new Set<(orderKeys: string[]) => void>();
  private ready: Promise<void> | undefined;
  private lastEnqueuedAt = 0;
  private seq = 0;

  constructor(
    private readonly connection: Connection,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Creates the collections and indexes once; the unique `key` index is what makes enqueue idempotent. */
  init(): Promise<void> {
    this.ready ??= ensureOutboxIndexes(this.connection).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  /**
   * Inserts the messages held back (a key still in `outbox` is refused by the unique index), drops those whose key
   * is finished already (in `outbox_done`), then releases the rest for delivery.
   */
  async enqueue(messages: OutboxMessage[]): Promise<void> {
    const unique = [...new Map(messages.map((m) => [m.key, m])).values()];
    if (unique.length === 0) return;
    await this.init();
    const fresh = unique.map((message) => this.toDocument(message));
    const dueAt = new Map(fresh.map(({ row, due }) => [row.key, due]));
    const rows = outboxModel(this.connection).collection;
    let failedIndexes = new Set<number>();
    try {
      await rows.insertMany(
        fresh.map(({ row }) => row),
        { ordered: false },
      );
    } catch (error) {
      failedIndexes = duplicateIndexes(error);
    }
    const inserted = fresh.filter((_, index) => !failedIndexes.has(index)).map(({ row }) => row);
    if (inserted.length === 0) return;
    const unfinished = new Set((await this.withoutFinished(inserted)).map((row) => row.key));
    const raced = inserted.filter((row) => !unfinished.has(row.key));
    await Promise.all(raced.map((row) => rows.deleteOne({ _id: row._id })));
    const release = inserted.filter((row) => unfinished.has(row.key));
    for (const [due, group] of groupBy(release, (row) => dueAt.get(row.key)!.getTime())) {
      await rows.updateMany(
        { _id: { $in: group.map((row) => row._id) } },
        { $set: { nextAttemptAt: new Date(due) }, $unset: { held: '' } },
      );
    }
    const orderKeys = [
      ...new Set(inserted.filter((row) => unfinished.has(row.key)).map((row) => row.orderKey)),
    ];
    for (const listener of this.listeners) listener(orderKeys);
  }

  /** The stored state of the message with `key`: waiting, in flight, or finished. */
  async find(key: string): Promise<OutboxDocument | undefined> {
    const active = await outboxModel(this.connection).findOne({ key }).lean<OutboxDocument>();
    if (active) return active;
    const done = await outboxDoneCollection(this.connection).findOne({ _id: key });
    if (!done) return undefined;
    const { rowId, archivedAt: _archivedAt, ...rest } = done;
    return { ...rest, _id: rowId };
  }

  /** Calls `listener` with the order keys of new messages after each enqueue; returns how to unsubscribe. */
  onEnqueued(listener: (orderKeys: string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Those of `messages` not finished already; `_id` lookups, the one kind FerretDB 1.x does not scan for. */
  private async withoutFinished<T extends { key: string }>(messages: T[]): Promise<T[]> {
    const done = outboxDoneCollection(this.connection);
    const found = await Promise.all(
      messages.map((m) => done.findOne({ _id: m.key }, { projection: { _id: 1 } })),
    );
    return messages.filter((_, index) => !found[index]);
  }

  /** The row for `message`, held back, and when it is due once released. */
  private toDocument(message: OutboxMessage): { row: OutboxDocument; due: Date } {
    const now = this.clock();
    this.lastEnqueuedAt = Math.max(this.lastEnqueuedAt, now.getTime());
    const enqueuedAt = new Date(this.lastEnqueuedAt);
    const notBefore = message.kind === 'telegram.message' ? message.notBefore : undefined;
    const due = notBefore && notBefore > enqueuedAt ? notBefore : enqueuedAt;
    const row: OutboxDocument = {
      _id: new Types.ObjectId(),
      key: message.key,
      kind: message.kind,
      platform: platformOf(message.kind),
      orderKey: orderKeyOf(message),
      message: encodeMessage(message),
      enqueuedAt,
      seq: ++this.seq,
      status: 'pending',
      attempts: 0,
      held: true,
      nextAttemptAt: new Date(Math.max(due.getTime(), now.getTime() + HOLD_MS)),
      createdAt: now,
      updatedAt: now,
    };
    return { row, due };
  }
}

function groupBy<T, K>(items: T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

/** Indexes of the documents a bulk insert refused as duplicates; rethrows any other failure. */
function duplicateIndexes(error: unknown): Set<number> {
  const { writeErrors } = error as { writeErrors?: unknown };
  const list = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as {
    code?: number;
    index?: number;
    err?: { code?: number; index?: number };
  }[];
  if (list.length === 0) throw error;
  const indexes = new Set<number>();
  for (const entry of list) {
    if ((entry.code ?? entry.err?.code) !== 11000) throw error;
    indexes.add(entry.index ?? entry.err?.index ?? -1);
  }
  return indexes;
}
