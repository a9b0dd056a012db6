import type { Connection } from 'mongoose';

interface LeaseDocument {
  _id: string;
  holder: string;
  expiresAt: Date;
}

/**
 * Named exclusive leases with an expiry, for work that one process at a time must do (deliver one ticket's
 * messages in order, process one chat's updates). Taking a lease is an insert under the unique `_id`, which is
 * atomic on every MongoDB-wire server, FerretDB 1.x included; an expired lease is removed and retaken.
 */
export class LeaseStore {
  constructor(
    private readonly connection: Connection,
    private readonly collectionName = 'leases',
  ) {}

  private get collection() {
    return this.connection.collection<LeaseDocument>(this.collectionName);
  }

  /** Takes lease `name` for `holder` for `ttlMs`; false when someone else holds it and it has not expired. */
  async acquire(name: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.collection.insertOne({ _id: name, holder, expiresAt: new Date(now.getTime() + ttlMs) });
        return true;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
      }
      const removed = await this.collection.deleteOne({ _id: name, expiresAt: { $lt: now } });
      if (removed.deletedCount === 0) return false;
    }
    return false;
  }

  /** Extends a lease `holder` still has; false when it was lost (expired and taken by another). */
  async renew(name: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: name, holder },
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
