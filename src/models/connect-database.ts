import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '../logger.js';

/** Options for {@link connectDatabase}. */
export interface ConnectOptions {
  logger: Logger;
  /** Attempts before giving up at start-up (the database may still be starting). Default 10. */
  attempts?: number;
  /** Wait before the first retry; doubles up to 5 s. Default 250 ms. */
  retryDelayMs?: number;
  /** How long one attempt may look for a server. Default 5 s. */
  serverSelectionTimeoutMS?: number;
}

/** The database could not be reached at start-up; carries the redacted URI and the last cause. */
export class DatabaseUnavailableError extends Error {
  constructor(
    readonly uri: string,
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(
      `could not reach the database at ${uri} after ${attempts} attempts: ${(cause as Error)?.message ?? cause}. ` +
        'Check MONGODB_URI and that the server is running.',
    );
    this.name = 'DatabaseUnavailableError';
  }
}

/** Hides the password in a connection string. */
export const redactUri = (uri: string): string => uri.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');

/**
 * Opens a dedicated mongoose connection, retrying while the server comes up, and builds the indexes of the
 * models registered on it.
 */
export async function connectDatabase(uri: string, options: ConnectOptions): Promise<Connection> {
  const { logger, attempts = 10, retryDelayMs = 250, serverSelectionTimeoutMS = 5000 } = options;
  let delay = retryDelayMs;
  for (let attempt = 1; ; attempt++) {
    const connection = mongoose.createConnection(uri, {
      serverSelectionTimeoutMS,
      connectTimeoutMS: 10_000,
      socketTimeoutMS: 60_000,
      maxPoolSize: 20,
      autoIndex: false,
      autoCreate: false,
    });
    try {
      await connection.asPromise();
      logger.info({ uri: redactUri(uri), attempt }, 'database connected');
      return connection;
    } catch (error) {
      await connection.close(true).catch(() => undefined);
      if (attempt >= attempts) throw new DatabaseUnavailableError(redactUri(uri), attempt, error);
      logger.warn({ attempt, err: (error as Error).message, retryInMs: delay }, 'database not reachable yet');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 5000);
    }
  }
}

/** Whether the server answers a ping within `timeoutMs`. */
export async function pingDatabase(connection: Connection, timeoutMs = 2000): Promise<boolean> {
  const db = connection.db;
  if (!db || connection.readyState !== 1) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      db.command({ ping: 1 }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('ping timed out')), timeoutMs);
      }),
    ]);
    return result?.ok === 1;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
