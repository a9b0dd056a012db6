import { afterAll, beforeAll, it } from '@jest/globals';
import { LeaseStore } from '../../../src/models/lease-store.js';
import { MongoOutbox } from '../../../src/models/mongo-outbox.js';
import { outboxModel } from '../../../src/models/outbox-model.js';
import { openTestDatabase } from '../../support/test-database.js';

let db: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.drop();
});
const time = async (name: string, f: () => Promise<unknown>, n = 20) => {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await f();
  console.log(name, ((performance.now() - t0) / n).toFixed(1), 'ms');
};
it('profiles', async () => {
  const outbox = new MongoOutbox(db.connection);
  await outbox.init();
  for (let b = 0; b < 5; b++)
    await outbox.enqueue(
      Array.from({ length: 200 }, (_, i) => ({
        key: `k${b}-${i}`,
        kind: 'telegram.message' as const,
        chatId: i % 20,
        text: 'x',
      })),
    );
  const rows = outboxModel(db.connection);
  await time('findOne head', () =>
    rows
      .findOne({ orderKey: 'telegram:3', status: { $in: ['pending', 'sending'] } })
      .sort({ enqueuedAt: 1, seq: 1, _id: 1 })
      .lean(),
  );
  await time('findOne head nosort', () =>
    rows.findOne({ orderKey: 'telegram:3', status: { $in: ['pending', 'sending'] } }).lean(),
  );
  await time('scan', () =>
    rows
      .find(
        {
          status: { $in: ['pending', 'sending'] },
          nextAttemptAt: { $lte: new Date() },
          platform: { $in: ['telegram'] },
          orderKey: { $nin: ['a', 'b'] },
        },
        { orderKey: 1 },
      )
      .sort({ nextAttemptAt: 1 })
      .limit(128)
      .lean(),
  );
  await time('head all active nosort', () =>
    rows.find({ orderKey: 'telegram:3', status: { $in: ['pending', 'sending'] } }).lean(),
  );
  await time('head eq pending nosort', () => rows.find({ orderKey: 'telegram:3', status: 'pending' }).lean());
  await time('scan nosort limit', () =>
    rows
      .find(
        {
          status: { $in: ['pending', 'sending'] },
          nextAttemptAt: { $lte: new Date() },
          platform: { $in: ['telegram'] },
          orderKey: { $nin: ['a', 'b'] },
        },
        { orderKey: 1 },
      )
      .limit(128)
      .lean(),
  );
  await time('scan nosort nolimit', () =>
    rows
      .find(
        {
          status: { $in: ['pending', 'sending'] },
          nextAttemptAt: { $lte: new Date() },
          platform: { $in: ['telegram'] },
          orderKey: { $nin: ['a', 'b'] },
        },
        { orderKey: 1 },
      )
      .lean(),
  );
  await time('scan simple eq', () =>
    rows.find({ status: 'pending' }, { orderKey: 1, nextAttemptAt: 1 }).lean(),
  );
  await time('scan lte only', () =>
    rows.find({ nextAttemptAt: { $lte: new Date() } }, { orderKey: 1 }).lean(),
  );
  const one = await rows.findOne({}).lean();
  await time('updateOne by id', () =>
    rows.updateOne({ _id: one!._id }, { $set: { attemptStartedAt: new Date() } }),
  );
  await time('updateOne by id+filter', () =>
    rows.updateOne(
      { _id: one!._id, status: 'pending', attempts: 0 },
      { $set: { attemptStartedAt: new Date() } },
    ),
  );
  let n = 0;
  await time('insert claim', () =>
    db.connection.collection('outbox_attempts').insertOne({ _id: `x${n++}` as never, at: new Date() }),
  );
  const leases = new LeaseStore(db.connection);
  let m = 0;
  await time('lease acquire', () => leases.acquire(`l${m++}`, 'h', 1000));
  await time(
    'settled-like $in 200',
    () => rows.find({ key: { $in: Array.from({ length: 200 }, (_, i) => `k0-${i}`) } }).lean(),
    5,
  );
}, 60_000);
