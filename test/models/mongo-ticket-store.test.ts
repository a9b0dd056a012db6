import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { transition } from '../../src/core/tickets/transition.js';
import { MongoTicketStore } from '../../src/models/mongo-ticket-store.js';
import { ticketRevisionModel } from '../../src/models/ticket-model.js';
import { captureLogs } from '../support/capture-logs.js';
import { RecordingOutbox } from '../support/recording-outbox.js';
import { openTestDatabase } from '../support/test-database.js';
import { buildTicket } from '../support/ticket-builder.js';

const draftOf = (messageId: number) => {
  const {
    id: _id,
    number: _n,
    version: _v,
    updatedAt: _u,
    ...draft
  } = buildTicket({
    ownerId: String(new Types.ObjectId()),
    source: { chatId: 7001, messageId },
    messageIds: [messageId],
  });
  return draft;
};

describe('MongoTicketStore', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let outbox: RecordingOutbox;
  let store: MongoTicketStore;
  beforeAll(async () => {
    db = await openTestDatabase();
    outbox = new RecordingOutbox();
    store = new MongoTicketStore(db.connection, outbox, captureLogs().logger);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('creates a ticket with a readable number and enqueues its effects', async () => {
    const { ticket, created } = await store.create(draftOf(1), (t) => [
      { key: `ticket:${t.id}:receipt`, kind: 'telegram.message', chatId: 7001, text: `Got it: ${t.number}` },
    ]);
    expect(created).toBe(true);
    expect(ticket.number).toMatch(/^M-\d+$/);
    expect(outbox.keys()).toContain(`ticket:${ticket.id}:receipt`);
    expect(await store.get(ticket.id)).toEqual(ticket);
    expect(await store.findByNumber(ticket.number)).toEqual(ticket);
  });

  it('carries effects with inline keyboards (nested arrays, which FerretDB cannot store as documents)', async () => {
    const buttons = [[{ text: 'Add to M-1', data: 'fu:1:M-1' }], [{ text: 'New', data: 'fu:1:new' }]];
    const { ticket } = await store.create(draftOf(30), (t) => [
      { key: `ticket:${t.id}:question`, kind: 'telegram.message', chatId: 7001, text: 'Which?', buttons },
    ]);
    const at = new Date();
    const acknowledged = transition(ticket, 'acknowledge', { by: 'U_A', at });
    if (!acknowledged.ok) throw new Error('transition failed');
    await store.save(acknowledged.ticket, [
      { key: `ticket:${ticket.id}:ack`, kind: 'telegram.message', chatId: 7001, text: 'Rate us', buttons },
    ]);
    expect(outbox.messages.filter((m) => m.key.startsWith(`ticket:${ticket.id}`))).toEqual([
      expect.objectContaining({ buttons }),
      expect.objectContaining({ buttons }),
    ]);
  });

  it('returns the existing ticket when the same Telegram message comes again', async () => {
    const first = await store.create(draftOf(2), () => []);
    const again = await store.create(draftOf(2), () => {
      throw new Error('effects must not be rebuilt for a duplicate');
    });
    expect(again).toEqual({ ticket: first.ticket, created: false });
  });

  it('lets exactly one of two concurrent saves of the same version win', async () => {
    const { ticket } = await store.create(draftOf(3), () => []);
    const at = new Date();
    const a = transition(ticket, 'acknowledge', { by: 'U_A', at });
    const b = transition(ticket, 'acknowledge', { by: 'U_B', at });
    if (!a.ok || !b.ok) throw new Error('transition failed');
    const results = await Promise.all([
      store.save(a.ticket, [{ key: `ack:${ticket.id}:a`, kind: 'slack.card-update', ticketId: ticket.id }]),
      store.save(b.ticket, [{ key: `ack:${ticket.id}:b`, kind: 'slack.card-update', ticketId: ticket.id }]),
    ]);
    expect(results.filter((r) => r.saved)).toHaveLength(1);
    const loser = results.find((r) => !r.saved);
    expect(loser && !loser.saved && loser.current.version).toBe(2);
    const stored = await store.get(ticket.id);
    expect(stored?.version).toBe(2);
    expect(outbox.keys().filter((k) => k.startsWith(`ack:${ticket.id}`))).toHaveLength(1);
    expect(stored?.acknowledged?.by).toBe(outbox.keys().includes(`ack:${ticket.id}:a`) ? 'U_A' : 'U_B');
  });

  it('completes a save that a crash left half-done when the ticket is next read', async () => {
    const { ticket } = await store.create(draftOf(4), () => []);
    const resolved = transition(ticket, 'resolve', { by: 'U_A', at: new Date(), note: 'fixed' });
    if (!resolved.ok) throw new Error('transition failed');
    outbox.failNext = 1;
    await expect(
      store.save(resolved.ticket, [
        { key: `resolve:${ticket.id}`, kind: 'slack.card-update', ticketId: ticket.id },
      ]),
    ).rejects.toThrow('outbox unavailable');
    const unapplied = await ticketRevisionModel(db.connection).collection.findOne({
      version: 2,
      applied: false,
    });
    expect(unapplied).not.toBeNull();

    const reread = await store.get(ticket.id);
    expect(reread?.status).toBe('resolved');
    expect(reread?.resolved?.note).toBe('fixed');
    expect(outbox.keys()).toContain(`resolve:${ticket.id}`);
  });

  it('finds tickets by any of their owner messages and lists an owner’s active tickets', async () => {
    const ownerId = String(new Types.ObjectId());
    const { ticket } = await store.create({ ...draftOf(20), ownerId, messageIds: [20, 21] }, () => []);
    expect((await store.findByMessage(7001, 21))?.id).toBe(ticket.id);
    expect((await store.listActiveForOwner(ownerId)).map((t) => t.id)).toEqual([ticket.id]);
  });
});
