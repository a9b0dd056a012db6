import { afterAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'mongoose';
import {
  connectDatabase,
  DatabaseUnavailableError,
  pingDatabase,
  redactUri,
} from '../../src/models/connect-database.js';
import { findFreePort } from '../../src/models/local-server/find-free-port.js';
import { captureLogs } from '../support/capture-logs.js';
import { testDatabaseUri, uniqueDatabaseName } from '../support/test-database.js';

describe('connectDatabase', () => {
  const opened: Connection[] = [];
  afterAll(async () => {
    for (const connection of opened) await connection.close();
  });

  it('connects to the real server and answers a ping', async () => {
    const { logger, lines } = captureLogs();
    const connection = await connectDatabase(testDatabaseUri(uniqueDatabaseName()), { logger });
    opened.push(connection);
    expect(await pingDatabase(connection)).toBe(true);
    expect(lines.find((line) => line.msg === 'database connected')).toMatchObject({ attempt: 1 });
  });

  it('retries while nothing listens, then gives up naming the address and the cause', async () => {
    const port = await findFreePort();
    const { logger, lines } = captureLogs();
    const attempt = connectDatabase(`mongodb://app:s3cret@127.0.0.1:${port}/x`, {
      logger,
      attempts: 3,
      retryDelayMs: 10,
      serverSelectionTimeoutMS: 200,
    });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(attempt).rejects.toThrow(
      new RegExp(`mongodb://app:\\*\\*\\*@127\\.0\\.0\\.1:${port}/x after 3 attempts`),
    );
    expect(lines.filter((line) => line.msg === 'database not reachable yet')).toHaveLength(2);
    expect(JSON.stringify(lines)).not.toContain('s3cret');
  });

  it('says a closed connection is not ready', async () => {
    const connection = await connectDatabase(testDatabaseUri(uniqueDatabaseName()), {
      logger: captureLogs().logger,
    });
    await connection.close();
    expect(await pingDatabase(connection)).toBe(false);
  });

  it('hides passwords in connection strings', () => {
    expect(redactUri('mongodb://u:p%40ss@db:27017/c')).toBe('mongodb://u:***@db:27017/c');
    expect(redactUri('mongodb://db:27017/c')).toBe('mongodb://db:27017/c');
  });
});
