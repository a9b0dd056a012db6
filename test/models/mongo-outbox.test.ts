import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OutboxMessage } from '../../src/core/outbox/outbox-message.js';
import { connectDatabase } from '../../src/models/connect-database.js';
import { MongoOutbox } from '../../src/models/mongo-outbox.js';
import { decodeMessage, type OutboxDocument, outboxModel } from '../../src/models/outbox-model.js';
import { captureLogs } from '../support/capture-logs.js';
import { openTestDatabase } from '../support/test-database.js';

const notice = (key: string, chatId = 42, extra: Partial<OutboxMessage> = {}): OutboxMessage =>
  ({ key, kind: 'telegram.message', chatId, text: `notice ${key}`, ...extra }) as OutboxMessage;

describe('MongoOutbox', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let outbox: MongoOutbox;
  const rows = async (filter: Record<string, unknown> = {}) =>
    outboxModel(db.connection).find(filter).sort({ enqueuedAt: 1, seq: 1 }).lean<OutboxDocument[]>();

  beforeAll(async () => {
    db = await openTestDatabase();
    outbox = new MongoOutbox(db.connection);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('stores each message once by key, whether repeated in one call or enqueued again', async () => {
    await outbox.enqueue([notice('a'), notice('b'), notice('a')]);
    await outbox.enqueue([notice('b'), notice('c')]);
    await Promise.all([outbox.enqueue([notice('d')]), outbox.enqueue([notice('d')])]);
    const stored = await rows({ key: { $in: ['a', 'b', 'c', 'd'] } });
    expect(stored.map((r) => r.key)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('ignores a key whose message was delivered and archived already', async () => {
    await db.connection
      .collection('outbox_done')
      .insertOne({ _id: 'archived' as never, key: 'archived', status: 'sent' });
    await outbox.enqueue([notice('archived'), notice('archived-new')]);
    expect((await rows({ key: { $in: ['archived', 'archived-new'] } })).map((r) => r.key)).toEqual([
      'archived-new',
    ]);
    expect(await outbox.find('archived')).toMatchObject({ key: 'archived', status: 'sent' });
    expect(await outbox.find('archived-new')).toMatchObject({ key: 'archived-new', status: 'pending' });
    expect(await outbox.find('never')).toBeUndefined();
  });

  it('releases new rows at once (they are held only while enqueue checks the archive)', async () => {
    const before = Date.now();
    await outbox.enqueue([notice('released')]);
    const [row] = await rows({ key: 'released' });
    expect(row!.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before - 5);
  });

  it('records platform, order key, status and due time, holding quiet-hours messages until notBefore', async () => {
    const later = new Date(Date.now() + 3600_000);
    await outbox.enqueue([
      notice('quiet', 7, { notBefore: later } as Partial<OutboxMessage>),
      { key: 'card-1', kind: 'slack.card', ticketId: 't1', department: 'maintenance' },
      { key: 'dm-1', kind: 'slack.message', channel: 'U123', text: 'hi' },
    ]);
    const [quiet] = await rows({ key: 'quiet' });
    expect(quiet).toMatchObject({
      platform: 'telegram',
      orderKey: 'telegram:7',
      status: 'pending',
      attempts: 0,
    });
    expect(quiet!.nextAttemptAt.getTime()).toBe(later.getTime());
    expect((decodeMessage(quiet!.message) as { notBefore: Date }).notBefore).toEqual(later);
    const [card] = await rows({ key: 'card-1' });
    expect(card).toMatchObject({ platform: 'slack', orderKey: 'slack-ticket:t1', kind: 'slack.card' });
    const [dm] = await rows({ key: 'dm-1' });
    expect(dm!.orderKey).toBe('slack-channel:U123');
  });

  it('stores messages whole, inline keyboards (arrays in arrays) and blocks included', async () => {
    const keyboard = notice('keyboard', 8, {
      buttons: [[{ text: 'A', data: 'a' }], [{ text: 'B', data: 'b' }]],
    } as Partial<OutboxMessage>);
    const blocks: OutboxMessage = {
      key: 'blocks',
      kind: 'slack.thread',
      ticketId: 't2',
      text: 'x',
      blocks: [{ type: 'rich_text', elements: [[{ type: 'text', text: 'nested' }]] }],
    };
    await outbox.enqueue([keyboard, blocks]);
    expect(decodeMessage((await rows({ key: 'keyboard' }))[0]!.message)).toEqual(keyboard);
    expect(decodeMessage((await rows({ key: 'blocks' }))[0]!.message)).toEqual(blocks);
  });

  it('keeps enqueue order within a process even for messages enqueued in the same millisecond', async () => {
    const fixed = new Date('2026-12-03T10:00:00Z');
    const sameMs = new MongoOutbox(db.connection, () => fixed);
    await sameMs.enqueue(Array.from({ length: 20 }, (_, i) => notice(`order-${i}`, 99)));
    const stored = await rows({ orderKey: 'telegram:99' });
    expect(stored.map((r) => r.key)).toEqual(Array.from({ length: 20 }, (_, i) => `order-${i}`));
  });

  it('tells listeners that something was enqueued, and stops after unsubscribing', async () => {
    let heard = 0;
    const unsubscribe = outbox.onEnqueued(() => {
      heard += 1;
    });
    await outbox.enqueue([notice('listen-1')]);
    unsubscribe();
    await outbox.enqueue([notice('listen-2')]);
    expect(heard).toBe(1);
  });

  it('throws errors other than duplicates (here: the database is gone)', async () => {
    const connection = await connectDatabase(db.uri, { logger: captureLogs().logger, attempts: 1 });
    const closing = new MongoOutbox(connection);
    await closing.init();
    await connection.close();
    await expect(closing.enqueue([notice('after-close')])).rejects.toThrow();
  });
});
