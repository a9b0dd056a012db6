import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Update } from 'telegraf/types';
import { chatKeyOf, TelegramInbox, updateKind } from '../../src/models/telegram-inbox.js';
import { openTestDatabase } from '../support/test-database.js';

const message = (update_id: number, chatId: number, text = 'hi'): Update =>
  ({
    update_id,
    message: { message_id: update_id, date: 1, chat: { id: chatId, type: 'private' }, text },
  }) as Update;

describe('TelegramInbox', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let inbox: TelegramInbox;

  beforeAll(async () => {
    db = await openTestDatabase();
    inbox = new TelegramInbox(db.connection);
    await inbox.ensureIndexes();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('stores each update whole, once, however often and however concurrently it is delivered', async () => {
    const updates = [message(100, 1, 'leak'), message(101, 1, 'still leaking'), message(102, 2)];
    expect(await inbox.store(updates, 'polling')).toBe(3);
    expect(await inbox.store([...updates, message(103, 2)], 'polling')).toBe(1);
    const concurrent = await Promise.all(
      Array.from({ length: 6 }, () => inbox.store([message(104, 3), message(105, 3)], 'webhook')),
    );
    expect(concurrent.reduce((a, b) => a + b, 0)).toBe(2);
    expect(await inbox.store([message(106, 4), message(106, 4)], 'webhook')).toBe(1);

    const stored = await inbox.get(100);
    expect(stored).toMatchObject({
      _id: 100,
      chatKey: '1',
      kind: 'message',
      status: 'pending',
      attempts: 0,
      source: 'polling',
      payload: updates[0],
    });
    expect(stored?.receivedAt).toBeInstanceOf(Date);
    expect((await inbox.list()).map((u) => u._id)).toEqual([100, 101, 102, 103, 104, 105, 106]);
  });

  it('lists pending updates in update_id order and records what became of each', async () => {
    const pendingIds = async () => (await inbox.pending()).map((p) => p.updateId);
    expect(await pendingIds()).toEqual([100, 101, 102, 103, 104, 105, 106]);
    expect((await inbox.pending())[0]).toEqual({
      updateId: 100,
      chatKey: '1',
      nextAttemptAt: expect.any(Date),
    });
    await inbox.markDone(100);
    expect((await inbox.get(100))?.doneAt).toBeInstanceOf(Date);
    const later = new Date(Date.now() + 60_000);
    await inbox.markRetry(101, 1, new Error('Slack is down'), later);
    expect(await inbox.get(101)).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: later,
      lastError: 'Error: Slack is down',
    });
    await inbox.markFailed(101, 8, new Error('poison'));
    expect(await inbox.get(101)).toMatchObject({ status: 'failed', attempts: 8, lastError: 'Error: poison' });
    expect(await pendingIds()).toEqual([102, 103, 104, 105, 106]);
    expect(await inbox.counts()).toEqual({ pending: 5, done: 1, failed: 1 });
  });

  it('forgets the updates handled before a time, and keeps pending, failed and later ones', async () => {
    await inbox.store([message(200, 9), message(201, 9), message(202, 9), message(203, 9)], 'polling');
    await inbox.markDone(200, new Date('2026-11-01T00:00:00Z'));
    await inbox.markDone(201, new Date('2026-11-20T00:00:00Z'));
    await inbox.markFailed(202, 8, new Error('poison'));
    expect(await inbox.forgetDone(new Date('2026-11-10T00:00:00Z'))).toBe(1);
    expect(await inbox.get(200)).toBeUndefined();
    expect((await inbox.list({ chatKey: '9' })).map((u) => [u._id, u.status])).toEqual([
      [201, 'done'],
      [202, 'failed'],
      [203, 'pending'],
    ]);
  });

  it('keeps the poller’s offset: the highest update_id of the last batch stored', async () => {
    expect(await inbox.pollOffset()).toBeUndefined();
    await inbox.savePollOffset(105);
    await inbox.savePollOffset(106);
    expect(await inbox.pollOffset()).toMatchObject({ lastUpdateId: 106 });
  });

  it('orders an update by its chat, or by the user when there is no chat', () => {
    const base = { date: 1, chat: { id: -500, type: 'group' } };
    const cases: [Record<string, unknown>, string][] = [
      [{ message: { message_id: 1, ...base } }, '-500'],
      [{ edited_message: { message_id: 1, edit_date: 2, ...base } }, '-500'],
      [
        {
          callback_query: {
            id: 'q',
            from: { id: 7 },
            chat_instance: 'c',
            message: { message_id: 1, ...base },
          },
        },
        '-500',
      ],
      [{ callback_query: { id: 'q', from: { id: 7 }, chat_instance: 'c', inline_message_id: 'i' } }, '7'],
      [{ my_chat_member: { chat: { id: 9, type: 'private' }, from: { id: 9 } } }, '9'],
      [{ inline_query: { id: 'i', from: { id: 11 }, query: '', offset: '' } }, '11'],
      [{ poll_answer: { poll_id: 'p', user: { id: 12 }, option_ids: [] } }, '12'],
      [{ poll: { id: 'p', question: '?', options: [] } }, 'poll:1'],
    ];
    for (const [body, key] of cases) {
      const update = { update_id: 1, ...body } as unknown as Update;
      expect(chatKeyOf(update)).toBe(key);
      expect(updateKind(update)).toBe(Object.keys(body)[0]);
    }
  });
});
