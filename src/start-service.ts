import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import type { AppConfig } from './config/app-config.js';
import { EXAMPLE_CONFIG_FILE } from './config/load-config.js';
import { createHttpServer } from './http/create-http-server.js';
import { healthRoutes, type ReadinessCheck } from './http/health-routes.js';
import type { Logger } from './logger.js';
import { connectDatabase, pingDatabase } from './models/connect-database.js';
import { ensureIndexes } from './models/ensure-indexes.js';
import { type LocalMongo, startLocalMongo } from './models/local-server/start-local-mongo.js';

/** A started service; `stop()` drains it and closes the database. */
export interface RunningService {
  port: number;
  connection: Connection;
  /** Set when no MONGODB_URI was given and an embedded server was started. */
  localMongo?: LocalMongo;
  stop(): Promise<void>;
}

/** Database name used on the embedded local server. */
export const LOCAL_DATABASE = 'concierge';

/** The composition root: wires config, database, HTTP server and (later) bots and jobs. */
export async function startService(config: AppConfig, logger: Logger): Promise<RunningService> {
  let localMongo: LocalMongo | undefined;
  let uri = config.mongodbUri;
  if (!uri) {
    logger.info(
      { dataDir: config.dataDir },
      `no MONGODB_URI: starting an embedded local database with its data under ${config.dataDir}/ (kept between runs)`,
    );
    localMongo = await startLocalMongo({
      dataDir: config.dataDir,
      logger: logger.child({ component: 'local-db' }),
    });
    uri = `${localMongo.uri}/${LOCAL_DATABASE}`;
    logger.info({ kind: localMongo.kind, uri }, 'embedded database started');
  }
  if (config.configFile === EXAMPLE_CONFIG_FILE) {
    logger.warn(
      `using ${EXAMPLE_CONFIG_FILE} (no config.yaml and no CONFIG_FILE): its channel and user IDs are placeholders`,
    );
  }
  if (config.missingCredentials.length > 0) {
    logger.warn(
      { missing: config.missingCredentials },
      `Telegram and Slack are not connected: set ${config.missingCredentials.join(', ')} ` +
        '(see README, Configuration). The service runs, but takes no reports until they are set.',
    );
  }

  let connection: Connection;
  try {
    connection = await connectDatabase(uri, { logger: logger.child({ component: 'db' }) });
    await ensureIndexes(connection);
  } catch (error) {
    await localMongo?.stop();
    throw error;
  }

  let shuttingDown = false;
  const checks: ReadinessCheck[] = [
    { name: 'database', check: async () => ({ ok: await pingDatabase(connection) }) },
    ...(config.missingCredentials.length > 0
      ? [
          {
            name: 'credentials',
            check: async () => ({ ok: false, detail: `not set: ${config.missingCredentials.join(', ')}` }),
          },
        ]
      : []),
  ];
  const server = createHttpServer(
    healthRoutes(checks, () => shuttingDown),
    logger.child({ component: 'http' }),
  );
  await listen(server, config.port);
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'listening');

  return {
    port,
    connection,
    ...(localMongo ? { localMongo } : {}),
    async stop() {
      if (shuttingDown) return;
      shuttingDown = true;
      await closeServer(server);
      await connection.close();
      logger.info('database closed');
      await localMongo?.stop();
    },
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops accepting connections and waits for in-flight requests (at most 10 s). */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), 10_000);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
