import type { AppConfig } from '../config/app-config.js';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { createLogger, type Logger } from '../logger.js';

/**
 * Runs a process role (the service, a worker): reads the configuration from the environment — every problem
 * listed, exit code 2 — starts the role, and stops it on SIGTERM/SIGINT. Exit codes: 0 clean stop, 1 runtime
 * failure, 2 bad configuration.
 */
export async function runProcess(
  name: string,
  start: (config: AppConfig, logger: Logger) => Promise<{ stop(): Promise<void> }>,
): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${name}: cannot start.\n${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  let running: { stop(): Promise<void> };
  try {
    running = await start(config, logger);
  } catch (error) {
    logger.fatal({ err: error }, `cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    running.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
