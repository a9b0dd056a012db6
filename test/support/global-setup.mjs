// Jest loads global setup outside its module system, so this file is plain ESM and loads TypeScript with tsx.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

/**
 * Gives the suite a real MongoDB-wire server: `MONGODB_URI` when set, otherwise one started here (a mongod on
 * PATH, FerretDB, or mongodb-memory-server) in a temporary folder. Test files read `CONCIERGE_TEST_MONGODB_URI`.
 */
export default async function globalSetup() {
  if (process.env.MONGODB_URI) {
    process.env.CONCIERGE_TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  const { startLocalMongo } = await tsImport(
    '../../src/models/local-server/start-local-mongo.ts',
    import.meta.url,
  );
  const { createLogger } = await tsImport('../../src/logger.ts', import.meta.url);
  const dataDir = mkdtempSync(join(tmpdir(), 'concierge-test-db-'));
  const server = await startLocalMongo({ dataDir, logger: createLogger('warn') });
  globalThis.__conciergeTestMongo = { server, dataDir };
  process.env.CONCIERGE_TEST_MONGODB_URI = server.uri;
  process.stderr.write(`\ntest database: ${server.kind} at ${server.uri} (data in ${dataDir})\n`);
}
