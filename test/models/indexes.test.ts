import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { nextSequence } from '../../src/models/counter-model.js';
import { ownerModel } from '../../src/models/owner-model.js';
import { ticketModel } from '../../src/models/ticket-model.js';
import { openTestDatabase } from '../support/test-database.js';

const buildOwner = (overrides: Record<string, unknown> = {}) => ({
  telegramUserId: 7001,
  chatId: 7001,
  language: 'en',
  telegramName: 'Ada',
  ...overrides,
});

const buildTicket = (overrides: Record<string, unknown> = {}) => ({
  number: 'M-1001',
  seq: 1001,
  ownerId: new Types.ObjectId(),
  chatId: 7001,
  language: 'en',
  source: { chatId: 7001, messageId: 1 },
  deadlines: { acknowledgeBy: new Date(), resolveBy: new Date() },
  version: 1,
  createdAt: new Date(),
  updatedAt: new Date(),
  text: 'the tap drips',
  specialty: 'maintenance',
  urgency: 'urgent',
  nature: 'special',
  classification: { specialty: 'maintenance' },
  ...overrides,
});

describe('model indexes', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('refuse a second owner file for the same Telegram user', async () => {
    const Owner = ownerModel(db.connection);
    await Owner.create(buildOwner());
    await expect(Owner.create(buildOwner({ chatId: 9 }))).rejects.toMatchObject({ code: 11000 });
    await Owner.create(buildOwner({ telegramUserId: 7002 }));
    expect(await Owner.countDocuments()).toBe(2);
  });

  it('refuse a second ticket for the same Telegram message, so a redelivered update makes none', async () => {
    const Ticket = ticketModel(db.connection);
    await Ticket.create(buildTicket());
    await expect(Ticket.create(buildTicket({ number: 'M-1002', seq: 1002 }))).rejects.toMatchObject({
      code: 11000,
    });
    await Ticket.create(buildTicket({ number: 'M-1003', seq: 1003, source: { chatId: 7001, messageId: 2 } }));
  });

  it('refuse two tickets with one number', async () => {
    const Ticket = ticketModel(db.connection);
    await expect(
      Ticket.create(buildTicket({ seq: 1010, source: { chatId: 1, messageId: 1 } })),
    ).rejects.toMatchObject({ code: 11000 });
  });

  it('hand out ticket numbers once each, even to concurrent callers', async () => {
    const numbers = await Promise.all(
      Array.from({ length: 25 }, () => nextSequence(db.connection, 'ticket')),
    );
    expect(new Set(numbers).size).toBe(25);
    expect(Math.min(...numbers)).toBe(1001);
    expect(Math.max(...numbers)).toBe(1025);
  });

  it('declare the unique indexes on the server', async () => {
    const indexes = await ticketModel(db.connection).collection.indexes();
    const unique = indexes.filter((index) => index.unique).map((index) => Object.keys(index.key).join('+'));
    expect(unique.sort()).toEqual(['number', 'seq', 'source.chatId+source.messageId']);
  });
});
