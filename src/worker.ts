import { ConfigError } from './config/config-error.js';
import { loadConfig } from './config/load-config.js';
import { createLogger } from './logger.js';
import { startService } from './start-service.js';

/**
 * `npm run worker`: runs the follow-up jobs and the outbox dispatcher without the bots' intake, so several
 * workers can share one database with the main service (start that one with RUN_JOBS=false to leave the jobs
 * to the workers). Same configuration as the service; give it its own PORT for its health checks.
 * Exit codes: 0 clean stop, 1 runtime failure, 2 bad configuration.
 */
async function worker(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`concierge worker: cannot start.\n${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel).child({ role: 'worker' });
  let service: Awaited<ReturnType<typeof startService>>;
  try {
    service = await startService({ ...config, runJobs: true }, logger, { role: 'worker' });
  } catch (error) {
    logger.fatal({ err: error }, `cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    service.stop().then(
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

void worker();
