import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { OutboxMessage } from '../../../src/core/outbox/outbox-message.js';
import { CHANNELS, metadataKey, type OutboxWorld, openOutboxWorld } from './outbox-harness.js';

const card = (ticketId: string, department: 'maintenance' | 'security' = 'maintenance'): OutboxMessage => ({
  key: `card:${ticketId}:${department}`,
  kind: 'slack.card',
  ticketId,
  department,
});
const thread = (ticketId: string, n: number): OutboxMessage => ({
  key: `thread:${ticketId}:${n}`,
  kind: 'slack.thread',
  ticketId,
  text: `${ticketId} update ${n}`,
});

describe('OutboxDispatcher with Slack', () => {
  let world: OutboxWorld;

  beforeAll(async () => {
    world = await openOutboxWorld();
  });
  afterEach(() => {
    world.slack.clearFaults();
  });
  afterAll(async () => {
    await world.close();
  });

  it('posts a card, records it, and threads later posts under it, each tagged with its key', async () => {
    world.dispatcher();
    const messages = [card('t-basic'), thread('t-basic', 1), thread('t-basic', 2)];
    await world.outbox.enqueue(messages);
    await world.settled(messages.map((m) => m.key));
    const current = await world.cards.current('t-basic');
    expect(current).toMatchObject({
      channel: CHANNELS.maintenance,
      department: 'maintenance',
      current: true,
    });
    const replies = world.slack.threadOf(CHANNELS.maintenance, current!.ts);
    expect(replies.map((m) => m.text)).toEqual(['t-basic update 1', 't-basic update 2']);
    expect(replies.map(metadataKey)).toEqual(['thread:t-basic:1', 'thread:t-basic:2']);
    expect(metadataKey(world.slack.message(CHANNELS.maintenance, current!.ts)!)).toBe(
      'card:t-basic:maintenance',
    );
    const row = await world.row('thread:t-basic:2');
    expect(row).toMatchObject({ status: 'sent', attempts: 1, result: { channel: CHANNELS.maintenance } });
  });

  it('keeps each ticket in order through an outage (500s, then 429 with Retry-After), losing nothing', async () => {
    world.slack.failNext('chat.postMessage', { status: 500 }, 3);
    world.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const tickets = ['t-out-a', 't-out-b', 't-out-c'];
    const messages = tickets.flatMap((t) => [card(t), thread(t, 1), thread(t, 2), thread(t, 3)]);
    await world.outbox.enqueue(messages);
    const rows = await world.settled(
      messages.map((m) => m.key),
      12_000,
    );
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    for (const t of tickets) {
      const current = await world.cards.current(t);
      const posted = world.slack
        .posts(CHANNELS.maintenance)
        .filter((m) => String(metadataKey(m)).includes(`:${t}:`));
      expect(posted.map(metadataKey)).toEqual([
        `card:${t}:maintenance`,
        `thread:${t}:1`,
        `thread:${t}:2`,
        `thread:${t}:3`,
      ]);
      expect(posted.slice(1).every((m) => m.thread_ts === current!.ts)).toBe(true);
    }
    const calls = world.slack.callsTo('chat.postMessage');
    expect(calls.filter((c) => c.status === 500)).toHaveLength(3);
    const limited = calls.filter((c) => c.status === 429);
    expect(limited).toHaveLength(1);
    // Retry-After holds every post, not only the one refused. A post already on the wire when the 429 came back
    // may still land just after it; nothing may start later within the Retry-After.
    const IN_FLIGHT_MS = 100;
    const during = calls.filter((c) => c.at > limited[0]!.at + IN_FLIGHT_MS && c.at < limited[0]!.at + 1000);
    expect(during).toEqual([]);
    expect(calls.some((c) => c.at >= limited[0]!.at + 1000)).toBe(true);
  });

  it('does not retry a rate-limited post before Retry-After has passed', async () => {
    world.slack.clearCalls();
    world.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await world.outbox.enqueue([card('t-retry-after')]);
    await world.settled(['card:t-retry-after:maintenance']);
    const calls = world.slack.callsTo('chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
    expect((await world.row('card:t-retry-after:maintenance'))!.attempts).toBe(2);
  });

  it('holds a retrying ticket (and the thread behind its card) without holding other order keys', async () => {
    const toMaintenance = (params: Readonly<Record<string, unknown>>): boolean =>
      params.channel === CHANNELS.maintenance;
    world.slack.failNext('chat.postMessage', { status: 503 }, Number.POSITIVE_INFINITY, toMaintenance);
    await world.outbox.enqueue([card('t-slow'), thread('t-slow', 1)]);
    await world.slack.waitFor((c) => c.method === 'chat.postMessage' && c.status === 503);
    await world.outbox.enqueue([
      { key: 'note-1', kind: 'slack.message', channel: CHANNELS.general, text: 'hello' },
    ]);
    await world.settled(['note-1']);
    const slowKeys = ['card:t-slow:maintenance', 'thread:t-slow:1'];
    expect(world.slack.posts().map(metadataKey)).not.toContain(slowKeys[0]);
    for (const key of slowKeys) expect((await world.row(key))!.status).not.toBe('sent');

    world.slack.clearFaults();
    await world.settled(slowKeys);
    const keys = world.slack.posts().map(metadataKey);
    expect(keys.indexOf('note-1')).toBeLessThan(keys.indexOf('card:t-slow:maintenance'));
    expect(keys.indexOf('card:t-slow:maintenance')).toBeLessThan(keys.indexOf('thread:t-slow:1'));
  });

  it('fails a post Slack refuses for good (channel_not_found) and calls the failed hook', async () => {
    await world.outbox.enqueue([
      { key: 'lost-1', kind: 'slack.message', channel: 'C0NOWHERE', text: 'into the void' },
      { key: 'lost-2', kind: 'slack.message', channel: 'C0NOWHERE', text: 'after the void' },
    ]);
    const rows = await world.settled(['lost-1', 'lost-2']);
    expect(rows.map((r) => r.status)).toEqual(['failed', 'failed']);
    const hooked = world.failed.filter((f) => f.message.key.startsWith('lost-'));
    expect(hooked.map((f) => f.message.key)).toEqual(['lost-1', 'lost-2']);
    expect(hooked[0]!.error).toMatchObject({
      platform: 'slack',
      code: 'channel_not_found',
      retryable: false,
    });
    expect(rows[0]!.lastError).toMatchObject({ code: 'channel_not_found', method: 'chat.postMessage' });
  });

  it('updates every card of a reassigned ticket, rendered at send time', async () => {
    await world.outbox.enqueue([card('t-move'), card('t-move', 'security')]);
    await world.settled(['card:t-move:maintenance', 'card:t-move:security']);
    world.renderer.revision = 7;
    await world.outbox.enqueue([{ key: 'update:t-move:1', kind: 'slack.card-update', ticketId: 't-move' }]);
    await world.settled(['update:t-move:1']);
    const cards = await world.cards.all('t-move');
    expect(cards.map((c) => c.channel)).toEqual([CHANNELS.maintenance, CHANNELS.security]);
    expect(cards.map((c) => world.slack.message(c.channel, c.ts)!.text)).toEqual([
      'card t-move r7 earlier',
      'card t-move r7 current',
    ]);
    world.renderer.revision = 1;
  });

  it('sends a direct message to a user id through conversations.open', async () => {
    world.slack.addUser({ id: 'U0SUPER01', name: 'sue' });
    await world.outbox.enqueue([
      { key: 'dm-1', kind: 'slack.message', channel: 'U0SUPER01', text: 'overdue' },
    ]);
    const [row] = await world.settled(['dm-1']);
    expect(row!.status).toBe('sent');
    const dm = world.slack.posts().find((m) => metadataKey(m) === 'dm-1');
    expect(dm).toMatchObject({ text: 'overdue' });
    expect(dm!.channel).toMatch(/^D/);
  });
});
