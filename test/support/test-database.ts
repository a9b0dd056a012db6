import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../src/models/connect-database.js';
import { ensureIndexes } from '../../src/models/ensure-indexes.js';
import { captureLogs } from './capture-logs.js';

/** Connection string of the suite's server with the database name replaced by `name`. */
export function testDatabaseUri(name: string): string {
  const base = process.env.CONCIERGE_TEST_MONGODB_URI;
  if (!base) throw new Error('CONCIERGE_TEST_MONGODB_URI is not set: run the tests with npm test');
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(base);
  if (!match) throw new Error(`cannot read the test database URI ${base}`);
  return `${match[1]}/${name}${match[2] ?? ''}`;
}

/** A fresh, uniquely named database for one test file. */
export function uniqueDatabaseName(prefix = 't'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** A database of its own for one test file, with indexes built; `drop()` removes it and closes. */
export async function openTestDatabase(): Promise<{
  connection: Connection;
  uri: string;
  drop(): Promise<void>;
}> {
  const uri = testDatabaseUri(uniqueDatabaseName());
  const connection = await connectDatabase(uri, { logger: captureLogs().logger, attempts: 3 });
  await ensureIndexes(connection);
  return {
    connection,
    uri,
    async drop() {
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}
