import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type OutboxWorld, openOutboxWorld } from './outbox-harness.js';

describe('OutboxDispatcher retries', () => {
  let world: OutboxWorld;

  beforeAll(async () => {
    world = await openOutboxWorld();
    world.dispatcher({ maxAttempts: 4, backoff: { initialMs: 60, maxMs: 1000, jitter: 0 } });
  });
  afterAll(async () => {
    await world.close();
  });

  it('backs off exponentially and fails a message for good after maxAttempts, telling the hook', async () => {
    const owner = world.telegram.user();
    world.telegram.registerChat(owner.from);
    world.telegram.failFor('sendMessage', 5000, { status: 503 });
    await world.outbox.enqueue([{ key: 'down', kind: 'telegram.message', chatId: owner.chatId, text: 'x' }]);
    const [row] = await world.settled(['down']);
    world.telegram.clearFaults();
    expect(row).toMatchObject({ status: 'failed', attempts: 4, lastError: { status: 503, retryable: true } });
    const times = world.telegram.requests.filter((r) => r.method === 'sendMessage').map((r) => r.at);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps).toHaveLength(3);
    expect(gaps[0]).toBeGreaterThanOrEqual(60);
    expect(gaps[1]).toBeGreaterThanOrEqual(120);
    expect(gaps[2]).toBeGreaterThanOrEqual(240);
    expect(world.failed.find((f) => f.message.key === 'down')!.error).toMatchObject({
      status: 503,
      retryable: true,
    });
    const warnings = world.logs.lines.filter(
      (l) => l.msg === 'outbox delivery failed; will retry' && l.key === 'down',
    );
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatchObject({
      kind: 'telegram.message',
      orderKey: `telegram:${owner.chatId}`,
      attempt: 1,
    });
    expect(JSON.stringify(world.logs.lines)).not.toContain('"text":"x"');
  });

  it('keeps a thread post waiting (not ready) while its ticket has no card, then gives up', async () => {
    await world.outbox.enqueue([{ key: 'orphan', kind: 'slack.thread', ticketId: 't-none', text: 'where?' }]);
    const [row] = await world.settled(['orphan']);
    expect(row).toMatchObject({ status: 'failed', attempts: 4, lastError: { code: 'card_not_ready' } });
    expect(world.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('never fails a message for being rate limited, however often', async () => {
    world.slack.failNext('chat.postMessage', { status: 429, retryAfter: 0 }, 5);
    await world.outbox.enqueue([
      { key: 'patient', kind: 'slack.message', channel: 'C0GENRL', text: 'eventually' },
    ]);
    const [row] = await world.settled(['patient']);
    expect(row).toMatchObject({ status: 'sent', attempts: 6 });
  });
});
