import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { OutboxMessage } from '../../../src/core/outbox/outbox-message.js';
import { type OutboxWorld, openOutboxWorld } from './outbox-harness.js';

describe('measure', () => {
  let world: OutboxWorld;
  beforeAll(async () => {
    world = await openOutboxWorld({ enforceRateLimits: true });
    for (let c = 0; c < 10; c++) world.slack.addChannel(`C0M${c}`, `m-${c}`);
  });
  afterAll(async () => {
    await world.close();
  });
  const run = async (name: string, messages: OutboxMessage[], overrides: object) => {
    const d = world.dispatcher({ rateLimits: {}, pollIntervalMs: 500, leaseMs: 30_000, ...overrides });
    const t0 = Date.now();
    await world.outbox.enqueue(messages);
    const rows = await world.settled(
      messages.map((m) => m.key),
      120_000,
    );
    const ms = Date.now() - t0;
    await d.stop();
    console.log(
      name,
      ms,
      'ms',
      'retries',
      rows.filter((r) => r.attempts > 1).length,
      'violations',
      world.slack.rateLimitViolations.length,
      world.telegram.rateLimitViolations.length,
    );
  };
  it('telegram 200 chats default limits', async () => {
    const chats = Array.from({ length: 200 }, () => {
      const u = world.telegram.user();
      world.telegram.registerChat(u.from);
      return u.chatId;
    });
    await run(
      'tg-200-chats',
      chats.map((chatId, i) => ({ key: `a${i}`, kind: 'telegram.message', chatId, text: 'x' })),
      {},
    );
  }, 120_000);
  it('slack 200 over 10 channels default limits', async () => {
    await run(
      'slack-200-10ch',
      Array.from({ length: 200 }, (_, i) => ({
        key: `b${i}`,
        kind: 'slack.message',
        channel: `C0M${i % 10}`,
        text: `x${i}`,
      })),
      {},
    );
  }, 120_000);
  it('raw: 200 over 20 keys, no limits', async () => {
    const chats = Array.from({ length: 20 }, () => {
      const u = world.telegram.user();
      world.telegram.registerChat(u.from);
      return u.chatId;
    });
    await run(
      'raw-200-20keys',
      Array.from({ length: 200 }, (_, i) => ({
        key: `c${i}`,
        kind: 'telegram.message',
        chatId: chats[i % 20]!,
        text: 'x',
      })),
      {
        rateLimits: {
          telegramChat: { perSecond: 1e6, burst: 1e3 },
          telegramGlobal: { perSecond: 1e6, burst: 1e3 },
        },
      },
    );
  }, 120_000);
});
