import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { TelegramPoller, type TelegramPollerOptions } from '../../../src/bots/telegram/telegram-poller.js';
import { LeaseStore } from '../../../src/models/lease-store.js';
import { TelegramInbox, type UpdateSource } from '../../../src/models/telegram-inbox.js';
import { captureLogs } from '../../support/capture-logs.js';
import { eventually } from '../../support/eventually.js';
import { FakeTelegram } from '../../support/fakes/fake-telegram.js';
import { openTestDatabase } from '../../support/test-database.js';

const TOKEN = '123456:TEST-poller-token';

type Event = { type: 'poll'; offset: number | undefined } | { type: 'stored'; ids: number[] };
type StoreFault = 'fail-before' | 'fail-after' | { hang: Promise<void> };

/** The real inbox, with a journal of what was stored when, and faults to inject. */
class RecordingInbox extends TelegramInbox {
  readonly events: Event[] = [];
  readonly faults: StoreFault[] = [];
  /** Delay before each write, to widen the window between receiving and storing. */
  slowMs = 0;
  override async store(updates: readonly Update[], source: UpdateSource, now?: Date): Promise<number> {
    const fault = this.faults.shift();
    if (this.slowMs) await new Promise((resolve) => setTimeout(resolve, this.slowMs));
    if (fault === 'fail-before') throw new Error('database unavailable');
    if (typeof fault === 'object') {
      await fault.hang;
      throw new Error('the process died while storing');
    }
    const stored = await super.store(updates, source, now);
    if (fault === 'fail-after') throw new Error('connection lost before the write was acknowledged');
    this.events.push({ type: 'stored', ids: updates.map((u) => u.update_id) });
    return stored;
  }
}

/** A telegraf client that records each getUpdates offset in `events` as the request leaves. */
function recordingTelegram(fake: FakeTelegram, events: Event[], token = TOKEN): Telegram {
  const telegram = new Telegram(token, { apiRoot: fake.apiRoot });
  const callApi = telegram.callApi.bind(telegram) as (...args: any[]) => Promise<any>;
  (telegram as any).callApi = (method: string, payload: any, options: any) => {
    if (method === 'getUpdates') events.push({ type: 'poll', offset: payload.offset });
    return callApi(method, payload, options);
  };
  return telegram;
}

/** Fails unless every update below each getUpdates offset had been stored before that call was sent. */
function expectNothingConfirmedBeforeStored(events: Event[], updateIds: number[]): void {
  const stored = new Set<number>();
  for (const event of events) {
    if (event.type === 'stored') {
      for (const id of event.ids) stored.add(id);
    } else if (event.offset !== undefined) {
      const confirmedUnstored = updateIds.filter((id) => id < event.offset! && !stored.has(id));
      expect({ offset: event.offset, confirmedUnstored }).toEqual({
        offset: event.offset,
        confirmedUnstored: [],
      });
    }
  }
}

describe('TelegramPoller', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let leases: LeaseStore;
  let fake: FakeTelegram;
  let inbox: RecordingInbox;
  const pollers: TelegramPoller[] = [];

  const storedIds = async () => (await inbox.list()).map((u) => u._id);

  function poller(overrides: Partial<TelegramPollerOptions> = {}) {
    const logs = captureLogs();
    const instance = new TelegramPoller({
      telegram: recordingTelegram(fake, inbox.events),
      inbox,
      leases,
      logger: logs.logger,
      timeoutSec: 5,
      minBackoffMs: 50,
      maxBackoffMs: 400,
      leaseRetryMs: 50,
      ...overrides,
    });
    pollers.push(instance);
    instance.start();
    return { poller: instance, logs };
  }

  beforeAll(async () => {
    db = await openTestDatabase();
    leases = new LeaseStore(db.connection);
    await new TelegramInbox(db.connection).ensureIndexes();
  });
  beforeEach(async () => {
    fake = await FakeTelegram.start({ token: TOKEN });
    inbox = new RecordingInbox(db.connection);
    for (const name of ['telegram_updates', 'telegram_poller_state', 'leases']) {
      await db.connection.collection(name).deleteMany({});
    }
  });
  afterEach(async () => {
    await Promise.all(pollers.splice(0).map((p) => p.stop()));
    await fake.close();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('stores every update before the getUpdates that confirms it, then lets Telegram forget it', async () => {
    const owners = [fake.user(), fake.user(), fake.user()];
    inbox.slowMs = 20;
    const { poller: running } = poller();
    const sent: number[] = [];
    for (let i = 0; i < 30; i++) {
      const owner = owners[i % owners.length]!;
      sent.push(
        i % 5 === 0
          ? owner.sendPhoto({ caption: `photo ${i}` }).update.update_id
          : owner.sendText(`leak ${i}`).update.update_id,
      );
      if (i % 7 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await eventually(async () => (await storedIds()).length === sent.length);
    await eventually(() => fake.pending.length === 0);
    expect(await storedIds()).toEqual(sent);
    expect((await inbox.get(sent[1]!))?.payload).toMatchObject({ message: { text: 'leak 1' } });
    expectNothingConfirmedBeforeStored(inbox.events, sent);
    expect(await inbox.pollOffset()).toMatchObject({ lastUpdateId: sent.at(-1) });
    expect(fake.requests.filter((r) => r.method === 'deleteWebhook')[0]?.params).toMatchObject({
      drop_pending_updates: false,
    });
    expect(running.running).toBe(true);
  });

  it('keeps the offset when storing fails, so Telegram still holds the updates and sends them again', async () => {
    const owner = fake.user();
    inbox.faults.push('fail-before', 'fail-before');
    const { logs } = poller();
    const first = owner.sendText('the boiler is leaking').update.update_id;
    await eventually(() => logs.messages().filter((m) => m.startsWith('could not store')).length === 2);
    expect(fake.pending.map((u) => u.update_id)).toEqual([first]);
    expect(await storedIds()).toEqual([]);
    await eventually(async () => (await storedIds()).length === 1);
    const second = owner.sendText('water everywhere').update.update_id;
    await eventually(async () => (await storedIds()).length === 2);
    await eventually(() => fake.pending.length === 0);
    expect(await storedIds()).toEqual([first, second]);
    const polls = inbox.events.flatMap((e) => (e.type === 'poll' ? [e.offset] : []));
    expect(polls.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(polls).toContain(first + 1);
    expectNothingConfirmedBeforeStored(inbox.events, [first, second]);
  });

  it('stores a redelivered update once (written, but the acknowledgement was lost)', async () => {
    const owner = fake.user();
    inbox.faults.push('fail-after');
    poller();
    const id = owner.sendText('no hot water').update.update_id;
    await eventually(() => inbox.events.some((e) => e.type === 'stored'));
    await eventually(() => fake.pending.length === 0);
    expect(await storedIds()).toEqual([id]);
    const deliveries = fake.requests.filter(
      (r) =>
        r.method === 'getUpdates' &&
        (r.response.result as Update[] | undefined)?.some((u) => u.update_id === id),
    );
    expect(deliveries.length).toBe(2);
  });

  it('loses nothing when the process dies after getUpdates returned and before storing', async () => {
    const owner = fake.user();
    let die!: () => void;
    inbox.faults.push({ hang: new Promise<void>((resolve) => (die = resolve)) });
    const crashing = poller({ holder: 'doomed', leaseTtlMs: 600 });
    const ids = [owner.sendText('one').update.update_id, owner.sendText('two').update.update_id];
    await eventually(() =>
      fake.requests.some((r) => r.method === 'getUpdates' && (r.response.result as Update[]).length > 0),
    );
    const stopping = crashing.poller.stop();
    die();
    await stopping;
    expect(await storedIds()).toEqual([]);
    expect(fake.pending.map((u) => u.update_id)).toEqual(ids);

    poller({ holder: 'restarted' });
    const three = owner.sendText('three').update.update_id;
    await eventually(async () => (await storedIds()).length === 3);
    expect(await storedIds()).toEqual([...ids, three]);
    expectNothingConfirmedBeforeStored(inbox.events, [...ids, three]);
  });

  it('resumes after a restart from the saved offset without storing anything twice', async () => {
    const owner = fake.user();
    const first = poller();
    const before = [owner.sendText('a').update.update_id, owner.sendText('b').update.update_id];
    await eventually(async () => (await storedIds()).length === 2);
    await first.poller.stop();
    const after = owner.sendText('c').update.update_id;
    inbox.events.length = 0;
    poller();
    await eventually(async () => (await storedIds()).length === 3);
    expect(await storedIds()).toEqual([...before, after]);
    expect(inbox.events.find((e) => e.type === 'poll')).toEqual({ type: 'poll', offset: before[1]! + 1 });
  });

  it('runs one poller across processes: the second waits for the lease and takes over', async () => {
    const owner = fake.user();
    const a = poller({ holder: 'a' });
    const b = poller({ holder: 'b' });
    const ids = [owner.sendText('1').update.update_id];
    await eventually(async () => (await storedIds()).length === 1);
    expect(await leases.held()).toEqual(['telegram-poller']);
    const polling = fake.requests.filter((r) => r.method === 'getUpdates');
    expect(polling.every((r) => r.status === 200)).toBe(true);
    const [first, second] = a.logs.messages().includes('polling Telegram') ? [a, b] : [b, a];
    await first.poller.stop();
    ids.push(owner.sendText('2').update.update_id);
    await eventually(async () => (await storedIds()).length === 2);
    expect(second.logs.messages()).toContain('polling Telegram');
    expect(await storedIds()).toEqual(ids);
    expect(fake.requests.filter((r) => r.method === 'getUpdates' && r.status === 409)).toEqual([]);
  });

  it('backs off on 409 Conflict and says why: another getUpdates, or a webhook', async () => {
    const owner = fake.user();
    const { logs } = poller();
    await fake.waitForRequest('deleteWebhook');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const rogue = await fetch(`${fake.apiRoot}/bot${TOKEN}/getUpdates`, { method: 'POST' });
    expect(rogue.status).toBe(200);
    await eventually(() => logs.messages().some((m) => m.includes('another getUpdates is running')));
    await fetch(`${fake.apiRoot}/bot${TOKEN}/setWebhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'http://127.0.0.1:1/hook' }),
    });
    await eventually(() => logs.messages().some((m) => m.includes('a webhook is set')));
    const id = owner.sendText('after the conflict').update.update_id;
    await fetch(`${fake.apiRoot}/bot${TOKEN}/deleteWebhook`, { method: 'POST' });
    await eventually(async () => (await storedIds()).includes(id));
    expect(logs.lines.filter((l) => l.msg.includes('a webhook is set')).every((l) => l.level === 40)).toBe(
      true,
    );
  });

  it('waits retry_after on 429 and backs off on 5xx and network errors', async () => {
    const owner = fake.user();
    fake.failNext('getUpdates', { status: 429, retryAfter: 1 });
    const { logs } = poller();
    const id = owner.sendText('rate limited').update.update_id;
    await eventually(async () => (await storedIds()).includes(id), 4000);
    const polls = fake.requests.filter((r) => r.method === 'getUpdates');
    expect(polls[0]?.status).toBe(429);
    expect(polls[1]!.at - polls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(logs.lines.find((l) => l.msg.includes('rate-limited'))).toMatchObject({ retryAfterSec: 1 });

    fake.failNext('getUpdates', { status: 502 }, 2);
    fake.failNext('getUpdates', { network: 'reset' });
    const later = owner.sendText('server errors').update.update_id;
    const failed = () =>
      logs.lines.filter((l) => l.msg === 'getUpdates failed' || l.msg.startsWith('could not reach'));
    await eventually(() => failed().length === 3);
    expect(failed().map((l) => l.retryInMs)).toEqual([50, 100, 200]);
    await eventually(async () => (await storedIds()).includes(later), 4000);
  });

  it('stops with an actionable error when Telegram refuses the token', async () => {
    const logs = captureLogs();
    const refused = new TelegramPoller({
      telegram: new Telegram('999:wrong', { apiRoot: fake.apiRoot }),
      inbox,
      leases,
      logger: logs.logger,
    });
    pollers.push(refused);
    refused.start();
    await eventually(() => !refused.running);
    expect(logs.lines.find((l) => l.level === 50)?.msg).toMatch(
      /refused the bot token: check TELEGRAM_BOT_TOKEN/,
    );
    expect(await leases.held()).toEqual([]);
  });

  it('stop() cancels a long poll at once', async () => {
    const { poller: running } = poller({ timeoutSec: 25 });
    await fake.waitForRequest('deleteWebhook');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await running.stop();
    expect(Date.now() - started).toBeLessThan(500);
    expect(running.running).toBe(false);
    expect(await leases.held()).toEqual([]);
  });
});
