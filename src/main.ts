import { runProcess } from './app/run-process.js';
import { startService } from './start-service.js';

/** `npm start`: the service — bots, HTTP server, outbox and (unless RUN_JOBS=false) the follow-up jobs. */
void runProcess('concierge', (config, logger) => startService(config, logger));
