import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { InboxProcessor, type InboxProcessorOptions } from '../../../src/bots/telegram/inbox-processor.js';
import { startTelegramIntake } from '../../../src/bots/telegram/telegram-intake.js';
import { LeaseStore } from '../../../src/models/lease-store.js';
import { TelegramInbox } from '../../../src/models/telegram-inbox.js';
import { captureLogs } from '../../support/capture-logs.js';
import { eventually } from '../../support/eventually.js';
import { FakeTelegram } from '../../support/fakes/fake-telegram.js';
import { openTestDatabase } from '../../support/test-database.js';

const TOKEN = '123456:TEST-processor-token';
const BURST = 80;

let nextId = 1000;
const message = (chatId: number, text = 'hi'): Update =>
  ({
    update_id: nextId++,
    message: { message_id: nextId, date: 1, chat: { id: chatId, type: 'private' }, text },
  }) as Update;

const chatOf = (update: Update) => (update as Update.MessageUpdate).message.chat.id;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A LeaseStore of a process that can "die": from then on it neither renews nor releases. */
class MortalLeases extends LeaseStore {
  dead = false;
  override async renew(name: string, holder: string, ttlMs: number, now?: Date): Promise<boolean> {
    if (this.dead) return new Promise<boolean>(() => undefined);
    return super.renew(name, holder, ttlMs, now);
  }
  override async release(name: string, holder: string): Promise<void> {
    if (!this.dead) await super.release(name, holder);
  }
}

describe('InboxProcessor', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let inbox: TelegramInbox;
  let leases: LeaseStore;
  const processors: InboxProcessor[] = [];

  function processor(
    handle: InboxProcessorOptions['handle'],
    overrides: Partial<InboxProcessorOptions> = {},
  ) {
    const logs = captureLogs();
    const instance = new InboxProcessor({
      inbox,
      leases,
      handle,
      logger: logs.logger,
      pollIntervalMs: 25,
      backoff: () => 30,
      ...overrides,
    });
    processors.push(instance);
    instance.start();
    return { processor: instance, logs };
  }

  beforeAll(async () => {
    db = await openTestDatabase();
    inbox = new TelegramInbox(db.connection);
    leases = new LeaseStore(db.connection);
    await inbox.ensureIndexes();
  });
  beforeEach(async () => {
    for (const name of ['telegram_updates', 'leases']) await db.connection.collection(name).deleteMany({});
  });
  afterEach(async () => {
    await Promise.all(processors.splice(0).map((p) => p.stop()));
  });
  afterAll(async () => {
    await db.drop();
  });

  it('handles each chat’s updates strictly in order, chats in parallel, and marks them done', async () => {
    const updates = Array.from({ length: 36 }, (_, i) => message(1 + (i % 6), `m${i}`));
    await inbox.store(updates, 'polling');
    const seen = new Map<number, number[]>();
    let running = 0;
    let peak = 0;
    processor(
      async (update) => {
        running += 1;
        peak = Math.max(peak, running);
        await sleep((update.update_id * 7) % 5);
        const chat = chatOf(update);
        seen.set(chat, [...(seen.get(chat) ?? []), update.update_id]);
        running -= 1;
      },
      { concurrency: 4 },
    );
    await eventually(() => [...seen.values()].flat().length === 36);
    await eventually(async () => (await inbox.counts()).done === 36);
    for (let chat = 1; chat <= 6; chat++) {
      expect(seen.get(chat)).toEqual(updates.filter((u) => chatOf(u) === chat).map((u) => u.update_id));
    }
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(4);
    expect((await inbox.list())[0]?.doneAt).toBeInstanceOf(Date);
    expect(await leases.held()).toEqual([]);
  });

  it('forgets handled updates once they are older than the retention, and never a pending one', async () => {
    const handled = message(7);
    const waiting = message(8);
    await inbox.store([handled], 'polling');
    const { logs } = processor(
      async (update) => {
        if (update.update_id === waiting.update_id) throw new Error('Slack is down');
      },
      { retentionMs: 200, forgetEveryMs: 50, backoff: () => 60_000 },
    );
    await eventually(async () => (await inbox.get(handled.update_id))?.status === 'done');
    await inbox.store([waiting], 'polling');
    await eventually(async () => (await inbox.get(handled.update_id)) === undefined);
    expect(await inbox.get(waiting.update_id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(logs.lines.find((line) => line.msg === 'forgot handled Telegram updates')).toMatchObject({
      forgotten: 1,
    });
  });

  it('retries a failed update with backoff and holds back that chat’s later updates until it succeeds', async () => {
    const [report, followUp] = [message(10, 'the heating is off'), message(10, 'since this morning')];
    const other = message(11, 'other owner');
    await inbox.store([report!, followUp!, other], 'webhook');
    const handled: number[] = [];
    let failuresLeft = 2;
    const { logs } = processor(
      async (update) => {
        if (update.update_id === report!.update_id && failuresLeft-- > 0)
          throw new Error('Slack unavailable');
        handled.push(update.update_id);
      },
      { backoff: (attempt) => attempt * 60 },
    );
    await eventually(() => handled.includes(other.update_id));
    expect(handled).not.toContain(followUp!.update_id);
    await eventually(() => handled.length === 3);
    expect(handled.filter((id) => id !== other.update_id)).toEqual([report!.update_id, followUp!.update_id]);
    expect(await inbox.get(report!.update_id)).toMatchObject({
      status: 'done',
      attempts: 2,
      lastError: 'Error: Slack unavailable',
    });
    expect(
      logs.lines.filter((l) => l.msg.startsWith('handling a Telegram update failed')).map((l) => l.retryInMs),
    ).toEqual([60, 120]);
  });

  it('marks a poisoned update failed after maxAttempts, logs why, and lets the chat go on', async () => {
    const [poison, next] = [message(20, 'crashes the bot'), message(20, 'next message')];
    await inbox.store([poison!, next!], 'polling');
    const calls: number[] = [];
    const { logs } = processor(
      async (update) => {
        calls.push(update.update_id);
        if (update.update_id === poison!.update_id)
          throw new TypeError('cannot read properties of undefined');
      },
      { maxAttempts: 3 },
    );
    await eventually(async () => (await inbox.get(next!.update_id))?.status === 'done');
    expect(calls).toEqual([poison!.update_id, poison!.update_id, poison!.update_id, next!.update_id]);
    expect(await inbox.get(poison!.update_id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'TypeError: cannot read properties of undefined',
    });
    const error = logs.lines.find((l) => l.level === 50);
    expect(error).toMatchObject({
      updateId: poison!.update_id,
      attempts: 3,
      cause: 'TypeError: cannot read properties of undefined',
    });
    expect(error?.msg).toContain(`update ${poison!.update_id}`);
  });

  it('with two processors on one database, handles every update exactly once and each chat in order', async () => {
    const updates = Array.from({ length: 48 }, (_, i) => message(100 + (i % 12)));
    const counts = new Map<number, number>();
    const order = new Map<number, number[]>();
    const handle = (who: string) => async (update: Update) => {
      counts.set(update.update_id, (counts.get(update.update_id) ?? 0) + 1);
      const chat = chatOf(update);
      order.set(chat, [...(order.get(chat) ?? []), update.update_id]);
      byWho.set(who, (byWho.get(who) ?? 0) + 1);
      await sleep(1);
    };
    const byWho = new Map<string, number>();
    processor(handle('a'), { holder: 'a' });
    processor(handle('b'), { holder: 'b' });
    for (let i = 0; i < updates.length; i += 12) {
      await inbox.store(updates.slice(i, i + 12), 'polling');
      for (const p of processors) p.kick();
    }
    await eventually(() => counts.size === updates.length, 10_000);
    await eventually(async () => (await inbox.counts()).done === updates.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.size).toBe(updates.length);
    for (const [chat, ids] of order) {
      expect(ids).toEqual(updates.filter((u) => chatOf(u) === chat).map((u) => u.update_id));
    }
    expect(byWho.get('a')! + byWho.get('b')!).toBe(updates.length);
  });

  it('handles again an update whose handler was cut short by a crash, never one marked done', async () => {
    const updates = [message(30, 'one'), message(30, 'two'), message(30, 'three')];
    await inbox.store(updates.slice(0, 1), 'polling');
    await inbox.markDone(updates[0]!.update_id);
    await inbox.store(updates.slice(1), 'polling');
    const mortal = new MortalLeases(db.connection);
    const entered: string[] = [];
    let revive!: () => void;
    const doomed = processor(
      async (update) => {
        entered.push(`doomed:${update.update_id}`);
        mortal.dead = true;
        await new Promise<void>((resolve) => (revive = resolve));
      },
      { leases: mortal, holder: 'doomed', leaseTtlMs: 300 },
    );
    await eventually(() => entered.length === 1);
    processor(
      async (update) => {
        entered.push(`survivor:${update.update_id}`);
      },
      { holder: 'survivor', leaseTtlMs: 300 },
    );
    await eventually(async () => (await inbox.counts()).done === 3);
    expect(entered).toEqual([
      `doomed:${updates[1]!.update_id}`,
      `survivor:${updates[1]!.update_id}`,
      `survivor:${updates[2]!.update_id}`,
    ]);
    revive();
    await doomed.processor.stop();
    expect(entered).toHaveLength(3);
  });

  it('stop() takes no new work, waits for the handler running and releases the chat lease', async () => {
    await inbox.store([message(40, 'slow'), message(40, 'after stop')], 'polling');
    const finished: number[] = [];
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const { processor: p } = processor(async (update) => {
      started();
      await sleep(200);
      finished.push(update.update_id);
    });
    await running;
    const stopping = Date.now();
    await p.stop();
    expect(Date.now() - stopping).toBeGreaterThanOrEqual(150);
    expect(finished).toHaveLength(1);
    expect(await inbox.counts()).toMatchObject({ done: 1, pending: 1 });
    expect(await leases.held()).toEqual([]);
  });
});

describe('startTelegramIntake in polling mode', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let fake: FakeTelegram;

  beforeAll(async () => {
    db = await openTestDatabase();
    fake = await FakeTelegram.start({ token: TOKEN });
  });
  afterAll(async () => {
    await fake.close();
    await db.drop();
  });

  it('takes a burst from many owners through Telegram, the inbox and the handler, once each and in order', async () => {
    const owners = Array.from({ length: 20 }, () => fake.user());
    const handled = new Map<number, number[]>();
    const logs = captureLogs();
    let total = 0;
    const intake = await startTelegramIntake({
      mode: 'polling',
      telegram: new Telegram(TOKEN, { apiRoot: fake.apiRoot }),
      connection: db.connection,
      handle: async (update) => {
        const chat = chatOf(update);
        handled.set(chat, [...(handled.get(chat) ?? []), update.update_id]);
        total += 1;
      },
      logger: logs.logger,
      poller: { timeoutSec: 5 },
    });
    try {
      const sent = new Map<number, number[]>();
      const started = Date.now();
      for (let i = 0; i < BURST; i++) {
        const owner = owners[i % owners.length]!;
        sent.set(owner.chatId, [
          ...(sent.get(owner.chatId) ?? []),
          owner.sendText(`report ${i}`).update.update_id,
        ]);
        if (i % 40 === 0) await sleep(1);
      }
      await eventually(() => total >= BURST, 10_000);
      const elapsedMs = Date.now() - started;
      await eventually(async () => (await intake.inbox.counts()).done === BURST);
      expect(total).toBe(BURST);
      expect(handled).toEqual(sent);
      expect(await intake.inbox.counts()).toEqual({ pending: 0, done: BURST, failed: 0 });
      expect(logs.lines.filter((l) => l.level >= 40)).toEqual([]);
      expect(elapsedMs).toBeLessThan(10_000);
    } finally {
      await intake.stop();
    }
    expect(await new LeaseStore(db.connection).held()).toEqual([]);
  });
});
