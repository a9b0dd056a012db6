import { runProcess } from './app/run-process.js';
import { startService } from './start-service.js';

/**
 * `npm run worker`: runs the follow-up jobs and the outbox dispatcher without the bots' intake, so several
 * workers can share one database with the main service (start that one with RUN_JOBS=false to leave the jobs
 * to the workers). Same configuration as the service; give it its own PORT for its health checks.
 */
void runProcess('concierge worker', (config, logger) =>
  startService({ ...config, runJobs: true }, logger.child({ role: 'worker' }), { role: 'worker' }),
);
