import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoCardStore } from '../../src/models/mongo-card-store.js';
import { openTestDatabase } from '../support/test-database.js';

describe('MongoCardStore', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let cards: MongoCardStore;

  beforeAll(async () => {
    db = await openTestDatabase();
    cards = new MongoCardStore(db.connection);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('makes the latest posted card current, keeps earlier ones, and ignores a repeated record', async () => {
    const first = {
      ticketId: 't1',
      department: 'maintenance' as const,
      channel: 'C1',
      ts: '1733230000.000100',
    };
    const second = {
      ticketId: 't1',
      department: 'security' as const,
      channel: 'C2',
      ts: '1733230100.000100',
    };
    await cards.record({ ...first, postedAt: new Date(1733230000_000) });
    await cards.record({ ...second, postedAt: new Date(1733230100_000) });
    await cards.record({ ...first, postedAt: new Date(1733230000_000) });
    expect(await cards.current('t1')).toMatchObject({ ...second, current: true });
    const all = await cards.all('t1');
    expect(all.map((c) => [c.channel, c.current])).toEqual([
      ['C1', false],
      ['C2', true],
    ]);
    expect(await cards.findByMessage('C1', first.ts)).toMatchObject({ ticketId: 't1', current: false });
    expect(await cards.findByMessage('C2', second.ts)).toMatchObject({ ticketId: 't1', current: true });
  });

  it('answers undefined or nothing for unknown tickets and messages', async () => {
    expect(await cards.current('nope')).toBeUndefined();
    expect(await cards.all('nope')).toEqual([]);
    expect(await cards.findByMessage('C9', '1.2')).toBeUndefined();
  });

  it('records concurrently repeated cards once', async () => {
    const card = { ticketId: 't2', department: 'cleaning' as const, channel: 'C3', ts: '1733230200.000100' };
    await Promise.all(Array.from({ length: 5 }, () => cards.record({ ...card, postedAt: new Date() })));
    expect(await cards.all('t2')).toHaveLength(1);
  });
});
