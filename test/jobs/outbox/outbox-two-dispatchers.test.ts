import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OutboxMessage } from '../../../src/core/outbox/outbox-message.js';
import { LeaseStore } from '../../../src/models/lease-store.js';
import { metadataKey, type OutboxWorld, openOutboxWorld } from './outbox-harness.js';

describe('two OutboxDispatchers on one database', () => {
  let world: OutboxWorld;

  beforeAll(async () => {
    world = await openOutboxWorld();
    for (let c = 0; c < 10; c++) world.slack.addChannel(`C0MANY${c}`, `many-${c}`);
  });
  afterAll(async () => {
    await world.close();
  });

  it('share the work and deliver each of 50 messages over 10 order keys exactly once, each key in order', async () => {
    const owners = Array.from({ length: 5 }, () => {
      const user = world.telegram.user();
      world.telegram.registerChat(user.from);
      return user;
    });
    const messages: OutboxMessage[] = [];
    for (let n = 0; n < 5; n++) {
      for (let c = 0; c < 5; c++) {
        messages.push({
          key: `s-${c}-${n}`,
          kind: 'slack.message',
          channel: `C0MANY${c}`,
          text: `s${c} #${n}`,
        });
        messages.push({
          key: `t-${c}-${n}`,
          kind: 'telegram.message',
          chatId: owners[c]!.chatId,
          text: `t${c} #${n}`,
        });
      }
    }
    const a = world.dispatcher({ holder: 'dispatcher-a', concurrency: 3 });
    const b = world.dispatcher({ holder: 'dispatcher-b', concurrency: 3 });
    await Promise.all([
      world.outbox.enqueue(messages.slice(0, 25)),
      new Promise((resolve) => setTimeout(resolve, 5)).then(() => world.outbox.enqueue(messages.slice(25))),
    ]);
    const rows = await world.settled(messages.map((m) => m.key));
    await Promise.all([a.stop(), b.stop()]);

    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    for (let c = 0; c < 5; c++) {
      const order = [0, 1, 2, 3, 4].map((n) => `#${n}`);
      expect(world.slack.posts(`C0MANY${c}`).map((m) => m.text.split(' ')[1])).toEqual(order);
      expect(owners[c]!.received().map((t) => t.split(' ')[1])).toEqual(order);
    }
    const slackKeys = world.slack.posts().map(metadataKey);
    expect(new Set(slackKeys).size).toBe(slackKeys.length);
    expect(world.telegram.sent('sendMessage')).toHaveLength(25);
    const byHolder = new Map<string, number>();
    for (const row of rows) byHolder.set(row.attemptBy!, (byHolder.get(row.attemptBy!) ?? 0) + 1);
    expect([...byHolder.keys()].sort()).toEqual(['dispatcher-a', 'dispatcher-b']);
  });

  it('stop() lets the delivery in flight finish and releases its lease', async () => {
    const slow = world.dispatcher({
      holder: 'stopping',
      rateLimits: { slackChannel: { perSecond: 2, burst: 1 } },
    });
    const messages: OutboxMessage[] = [0, 1, 2].map((n) => ({
      key: `stop-${n}`,
      kind: 'slack.message',
      channel: 'C0MANY9',
      text: `stop ${n}`,
    }));
    await world.outbox.enqueue(messages);
    await world.slack.waitForPost('C0MANY9', 'stop 0');
    await slow.stop();
    const rows = await Promise.all(messages.map((m) => world.row(m.key)));
    expect(rows[0]!.status).toBe('sent');
    expect(rows.map((r) => r!.status)).not.toContain('sending');
    expect(await new LeaseStore(world.db.connection).held()).toEqual([]);
    world.dispatcher({ holder: 'after-stop' });
    await world.settled(messages.map((m) => m.key));
    expect(world.slack.posts('C0MANY9').map((m) => m.text)).toEqual(['stop 0', 'stop 1', 'stop 2']);
  });
});
