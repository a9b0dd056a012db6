import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LeaseStore } from '../../src/models/lease-store.js';
import { openTestDatabase } from '../support/test-database.js';

describe('LeaseStore', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let leases: LeaseStore;
  const t0 = new Date('2026-12-03T10:00:00Z');
  const later = (ms: number) => new Date(t0.getTime() + ms);

  beforeAll(async () => {
    db = await openTestDatabase();
    leases = new LeaseStore(db.connection);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('gives a lease to exactly one of many concurrent takers', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => leases.acquire('chat:1', `worker-${i}`, 30_000, t0)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('lets another holder take a lease once it has expired, and the old holder can no longer renew it', async () => {
    expect(await leases.acquire('chat:2', 'a', 1000, t0)).toBe(true);
    expect(await leases.acquire('chat:2', 'b', 1000, later(500))).toBe(false);
    expect(await leases.acquire('chat:2', 'b', 1000, later(1500))).toBe(true);
    expect(await leases.renew('chat:2', 'a', 1000, later(1600))).toBe(false);
    expect(await leases.renew('chat:2', 'b', 1000, later(1600))).toBe(true);
  });

  it('frees a released lease at once, and ignores a release by someone who does not hold it', async () => {
    expect(await leases.acquire('chat:3', 'a', 60_000, t0)).toBe(true);
    await leases.release('chat:3', 'b');
    expect(await leases.acquire('chat:3', 'b', 60_000, t0)).toBe(false);
    await leases.release('chat:3', 'a');
    expect(await leases.acquire('chat:3', 'b', 60_000, t0)).toBe(true);
  });
});
