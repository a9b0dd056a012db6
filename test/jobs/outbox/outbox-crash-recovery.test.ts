import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OutboxMessage } from '../../../src/core/outbox/outbox-message.js';
import { LeaseStore } from '../../../src/models/lease-store.js';
import { outboxModel } from '../../../src/models/outbox-model.js';
import { CHANNELS, metadataKey, type OutboxWorld, openOutboxWorld, slackClient } from './outbox-harness.js';

/**
 * Leaves `message` as a dispatcher that died mid-call would: `sending`, under a lease of its order key that the dead
 * dispatcher took and that expires in 300 ms.
 */
async function crashedWhileSending(
  world: OutboxWorld,
  message: OutboxMessage,
  orderKey: string,
): Promise<void> {
  const leases = new LeaseStore(world.db.connection);
  expect(await leases.acquire(`outbox:${orderKey}`, 'crashed-dispatcher', 300)).toBe(true);
  await world.outbox.enqueue([message]);
  const startedAt = new Date(Date.now() - 2000);
  await outboxModel(world.db.connection).updateOne(
    { key: message.key },
    { $set: { status: 'sending', attempts: 1, firstAttemptAt: startedAt, attemptStartedAt: startedAt } },
  );
}

const metadata = (key: string) => ({ event_type: 'concierge_outbox', event_payload: { key } });

describe('OutboxDispatcher after a crash', () => {
  let world: OutboxWorld;

  beforeAll(async () => {
    world = await openOutboxWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it('finds posts that reached Slack before the crash and posts none of them again', async () => {
    const client = slackClient(world.slack.apiUrl);
    // A message that reached Slack.
    await client.chat.postMessage({
      channel: CHANNELS.general,
      text: 'posted',
      metadata: metadata('m-posted'),
    });
    await crashedWhileSending(
      world,
      { key: 'm-posted', kind: 'slack.message', channel: CHANNELS.general, text: 'posted' },
      `slack-channel:${CHANNELS.general}`,
    );
    // A card that reached Slack but was never recorded, and a thread post queued behind it.
    const posted = await client.chat.postMessage({
      channel: CHANNELS.maintenance,
      text: 'card t-crash',
      metadata: metadata('card:t-crash'),
    });
    await crashedWhileSending(
      world,
      { key: 'card:t-crash', kind: 'slack.card', ticketId: 't-crash', department: 'maintenance' },
      'slack-ticket:t-crash',
    );
    await world.outbox.enqueue([
      { key: 'thread:t-crash:1', kind: 'slack.thread', ticketId: 't-crash', text: 'one' },
    ]);
    // A thread reply that reached Slack.
    await world.cards.record({
      ticketId: 't-reply',
      department: 'security',
      channel: CHANNELS.security,
      ts: (await client.chat.postMessage({ channel: CHANNELS.security, text: 'card t-reply' })).ts!,
      postedAt: new Date(),
    });
    const replyCard = (await world.cards.current('t-reply'))!;
    await client.chat.postMessage({
      channel: CHANNELS.security,
      thread_ts: replyCard.ts,
      text: 'reply',
      metadata: metadata('thread:t-reply:1'),
    });
    await crashedWhileSending(
      world,
      { key: 'thread:t-reply:1', kind: 'slack.thread', ticketId: 't-reply', text: 'reply' },
      'slack-ticket:t-reply',
    );
    // A message whose call never reached Slack.
    await crashedWhileSending(
      world,
      { key: 'm-lost', kind: 'slack.message', channel: CHANNELS.cleaning, text: 'lost' },
      `slack-channel:${CHANNELS.cleaning}`,
    );

    world.dispatcher();
    const keys = ['m-posted', 'card:t-crash', 'thread:t-crash:1', 'thread:t-reply:1', 'm-lost'];
    const rows = await world.settled(keys);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    for (const key of keys) {
      expect(world.slack.messages.filter((m) => metadataKey(m) === key)).toHaveLength(1);
    }
    expect((await world.row('m-posted'))!.result).toMatchObject({ found: true, channel: CHANNELS.general });
    expect((await world.row('m-lost'))!.result).not.toHaveProperty('found');
    expect(await world.cards.current('t-crash')).toMatchObject({
      channel: CHANNELS.maintenance,
      ts: posted.ts,
    });
    expect(world.slack.threadOf(CHANNELS.maintenance, posted.ts!).map((m) => m.text)).toEqual(['one']);
    const lookups = world.slack
      .callsTo('conversations.history')
      .concat(world.slack.callsTo('conversations.replies'));
    expect(
      lookups.every(
        (c) => c.params.include_all_metadata === 'true' || c.params.include_all_metadata === true,
      ),
    ).toBe(true);
  });

  it('leaves an order key alone while another dispatcher still holds its lease', async () => {
    const leases = new LeaseStore(world.db.connection);
    const orderKey = `slack-channel:${CHANNELS.greening}`;
    expect(await leases.acquire(`outbox:${orderKey}`, 'live-dispatcher', 800)).toBe(true);
    const heldUntil = Date.now() + 800;
    await world.outbox.enqueue([
      { key: 'm-wait', kind: 'slack.message', channel: CHANNELS.greening, text: 'wait' },
    ]);
    await world.settled(['m-wait']);
    const post = world.slack
      .callsTo('chat.postMessage')
      .find((c) => c.response.ok && c.params.channel === CHANNELS.greening);
    expect(post!.at).toBeGreaterThanOrEqual(heldUntil);
  });

  it('sends an uncertain Telegram message again (Telegram cannot be asked), but not the parts recorded as sent', async () => {
    const owner = world.telegram.user();
    world.telegram.registerChat(owner.from);
    const text = `${'a'.repeat(4000)}\n\n${'b'.repeat(100)}`;
    const first = await world.telegramTransport.deliver(
      { key: 'tg-split', kind: 'telegram.message', chatId: owner.chatId, text: 'a'.repeat(4000) },
      { attempt: 1, uncertain: false },
    );
    await crashedWhileSending(
      world,
      { key: 'tg-split', kind: 'telegram.message', chatId: owner.chatId, text },
      `telegram:${owner.chatId}`,
    );
    await outboxModel(world.db.connection).updateOne(
      { key: 'tg-split' },
      { $set: { progress: { sent: (first as { messageIds: number[] }).messageIds } } },
    );
    expect((await world.row('tg-split'))!.status).toBe('sending');
    const [row] = await world.settled(['tg-split']);
    expect(row!.status).toBe('sent');
    expect(owner.received()).toEqual(['a'.repeat(4000), 'b'.repeat(100)]);
    expect((row!.result as { messageIds: number[] }).messageIds).toHaveLength(2);
  });

  it('skips an attempt another dispatcher claimed and never started, once that claim is a lease period old', async () => {
    const leases = new LeaseStore(world.db.connection);
    const orderKey = `slack-channel:${CHANNELS.security}`;
    expect(await leases.acquire(`outbox:${orderKey}`, 'crashed-dispatcher', 300)).toBe(true);
    await world.outbox.enqueue([
      { key: 'm-claimed', kind: 'slack.message', channel: CHANNELS.security, text: 'c' },
    ]);
    const row = (await world.row('m-claimed'))!;
    const claimedAt = Date.now();
    await world.db.connection
      .collection<{ _id: string; holder: string; at: Date }>('outbox_attempts')
      .insertOne({ _id: `${String(row._id)}:1`, holder: 'crashed-dispatcher', at: new Date(claimedAt) });
    const [sent] = await world.settled(['m-claimed']);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
    const post = world.slack.posts(CHANNELS.security).filter((m) => metadataKey(m) === 'm-claimed');
    expect(post).toHaveLength(1);
    const call = world.slack
      .callsTo('chat.postMessage')
      .find(
        (c) =>
          (c.params.metadata as { event_payload?: { key?: string } })?.event_payload?.key === 'm-claimed',
      );
    expect(call!.at - claimedAt).toBeGreaterThanOrEqual(3000);
  });
});
