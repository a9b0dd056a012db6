import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OutboxMessage } from '../../../src/core/outbox/outbox-message.js';
import { CHANNELS, type OutboxWorld, openOutboxWorld } from './outbox-harness.js';

describe('OutboxDispatcher rate limits', () => {
  let world: OutboxWorld;

  beforeAll(async () => {
    world = await openOutboxWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it('spaces Slack posts to one channel across tickets (cards, then thread posts)', async () => {
    const dispatcher = world.dispatcher({ rateLimits: { slackChannel: { perSecond: 5, burst: 1 } } });
    const tickets = Array.from({ length: 5 }, (_, i) => `t-rate-${i}`);
    const cards: OutboxMessage[] = tickets.map((t) => ({
      key: `card:${t}`,
      kind: 'slack.card',
      ticketId: t,
      department: 'greening',
    }));
    await world.outbox.enqueue(cards);
    await world.settled(cards.map((m) => m.key));
    const threads: OutboxMessage[] = tickets.map((t) => ({
      key: `thread:${t}`,
      kind: 'slack.thread',
      ticketId: t,
      text: `update ${t}`,
    }));
    await world.outbox.enqueue(threads);
    await world.settled(threads.map((m) => m.key));
    await dispatcher.stop();

    const arrivals = (channel: string) =>
      world.slack
        .callsTo('chat.postMessage')
        .filter((c) => c.params.channel === channel)
        .map((c) => c.at);
    const green = arrivals(CHANNELS.greening);
    expect(green).toHaveLength(10);
    world.expectSpaced(green, 200);
  });

  it('spaces Telegram messages per chat, and all chats together by the overall limit', async () => {
    const dispatcher = world.dispatcher({
      rateLimits: {
        telegramChat: { perSecond: 5, burst: 1 },
        telegramGlobal: { perSecond: 12.5, burst: 1 },
      },
    });
    const owners = Array.from({ length: 6 }, () => {
      const user = world.telegram.user();
      world.telegram.registerChat(user.from);
      return user;
    });
    const messages: OutboxMessage[] = owners.flatMap((owner, i) =>
      [0, 1, 2].map((n) => ({
        key: `tg-rate-${i}-${n}`,
        kind: 'telegram.message',
        chatId: owner.chatId,
        text: `m${n}`,
      })),
    );
    await world.outbox.enqueue(messages);
    await world.settled(messages.map((m) => m.key));
    await dispatcher.stop();

    const sends = world.telegram.sent('sendMessage');
    expect(sends).toHaveLength(18);
    for (const owner of owners) {
      const times = sends.filter((r) => Number(r.params.chat_id) === owner.chatId).map((r) => r.at);
      world.expectSpaced(times, 200);
      expect(owner.received()).toEqual(['m0', 'm1', 'm2']);
    }
    world.expectSpaced(
      sends.map((r) => r.at),
      80,
    );
  });
});

describe('OutboxDispatcher default rate limits against platforms that enforce theirs', () => {
  let world: OutboxWorld;

  beforeAll(async () => {
    world = await openOutboxWorld({ enforceRateLimits: true });
  });
  afterAll(async () => {
    await world.close();
  });

  it('draws no 429 from Slack (~1/s per channel, burst 3) or Telegram (~1/s per chat, 30/s overall)', async () => {
    const dispatcher = world.dispatcher({ rateLimits: {} });
    const owners = Array.from({ length: 40 }, () => {
      const user = world.telegram.user();
      world.telegram.registerChat(user.from);
      return user;
    });
    const messages: OutboxMessage[] = [
      ...Array.from(
        { length: 5 },
        (_, i): OutboxMessage => ({
          key: `s-${i}`,
          kind: 'slack.message',
          channel: CHANNELS.general,
          text: `s${i}`,
        }),
      ),
      ...owners.map(
        (o, i): OutboxMessage => ({ key: `t-${i}`, kind: 'telegram.message', chatId: o.chatId, text: 'hi' }),
      ),
      { key: 't-0-again', kind: 'telegram.message', chatId: owners[0]!.chatId, text: 'again' },
      { key: 't-0-third', kind: 'telegram.message', chatId: owners[0]!.chatId, text: 'third' },
    ];
    const started = Date.now();
    await world.outbox.enqueue(messages);
    const rows = await world.settled(
      messages.map((m) => m.key),
      10_000,
    );
    const tookMs = Date.now() - started;
    await dispatcher.stop();
    expect(rows.filter((r) => r.status !== 'sent' || r.attempts !== 1).map((r) => r.key)).toEqual([]);
    expect(world.slack.rateLimitViolations).toEqual([]);
    expect(world.telegram.rateLimitViolations).toEqual([]);
    // 5 posts in one channel: 3 at once, then one every 1.1 s.
    expect(tookMs).toBeGreaterThanOrEqual(2200);
  });
});
