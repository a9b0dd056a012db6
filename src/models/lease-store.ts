import type { Connection } from 'mongoose';

interface LeaseDocument {
  _id: string;
  holder: string;
  expiresAt: Date;
}

/**
 * Named exclusive leases with an expiry, for work that one process at a time must do (deliver one ticket's
 * messages in order, process one chat's updates). Taking a lease is an insert under the unique `_id`, which is
 * atomic on every MongoDB-wire server, FerretDB 1.x included. Taking over an expired lease is decided by
 * another unique insert, a takeover marker naming the expired holder and expiry, so that of several takers
 * exactly one removes it: FerretDB's filtered deletes are read-then-delete and could otherwise remove the lease
 * a faster taker had just written.
 */
export class LeaseStore {
  constructor(
    private readonly connection: Connection,
    private readonly collectionName = 'leases',
  ) {}

  private get collection() {
    return this.connection.collection<LeaseDocument>(this.collectionName);
  }

  private get takeovers() {
    return this.connection.collection<{ _id: string; by: string; at: Date }>(
      `${this.collectionName}_takeovers`,
    );
  }

  /** Takes lease `name` for `holder` for `ttlMs`; false when someone else holds it and it has not expired. */
  async acquire(name: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await this.tryInsert(name, holder, ttlMs, now)) return true;
      const current = await this.collection.findOne({ _id: name });
      if (!current) continue;
      if (current.expiresAt >= now) return false;
      try {
        await this.takeovers.insertOne({
          _id: `${name}#${current.holder}#${current.expiresAt.getTime()}`,
          by: holder,
          at: now,
        });
      } catch (error) {
        if ((error as { code?: number }).code === 11000) return false;
        throw error;
      }
      await this.collection.deleteOne({ _id: name, holder: current.holder, expiresAt: current.expiresAt });
    }
    return false;
  }

  private async tryInsert(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    try {
      await this.collection.insertOne({ _id: name, holder, expiresAt: new Date(now.getTime() + ttlMs) });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      return false;
    }
  }

  /** Extends a lease `holder` still has; false when it was lost or has expired (it may be taken over then). */
  async renew(name: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: name, holder, expiresAt: { $gte: now } },
      { $set: { expiresAt: new Date(now.getTime() + ttlMs) } },
    );
    return result.matchedCount === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.collection.deleteOne({ _id: name, holder });
  }

  /** Names of leases currently held (not expired), for diagnostics. */
  async held(now = new Date()): Promise<string[]> {
    const docs = await this.collection
      .find({ expiresAt: { $gte: now } }, { projection: { _id: 1 } })
      .toArray();
    return docs.map((doc) => doc._id);
  }
}
