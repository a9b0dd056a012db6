import { App, type Logger as BoltLogger, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { HttpRoute } from '../../http/http-route.js';
import type { Logger } from '../../logger.js';
import { registerTicketListeners, type TicketListenerDeps } from './register-ticket-listeners.js';

/** Options for {@link createSlackApp}. */
export interface SlackAppOptions extends TicketListenerDeps {
  botToken: string;
  signingSecret: string;
  apiUrl: string;
  /** From auth.test, called by the composition root (with retries) so Bolt makes no call of its own. */
  botUserId: string;
  botId: string;
}

const boltLogger = (logger: Logger): BoltLogger => ({
  debug: (...msg) => logger.debug(msg.join(' ')),
  info: (...msg) => logger.info(msg.join(' ')),
  warn: (...msg) => logger.warn(msg.join(' ')),
  error: (...msg) => logger.error(msg.join(' ')),
  setLevel: () => undefined,
  getLevel: () => LogLevel.INFO,
  setName: () => undefined,
});

/**
 * The staff side: a Bolt app whose receiver verifies every request's signature and answers only after the
 * listeners ran (`processBeforeResponse`), so a failure makes Slack retry instead of losing the event.
 * Mounted on the service's one HTTP server at `POST /slack/events`.
 */
export function createSlackApp(options: SlackAppOptions): { app: App; route: HttpRoute } {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: '/slack/events',
    processBeforeResponse: true,
    signatureVerification: true,
    logger: boltLogger(options.logger),
  });
  const app = new App({
    token: options.botToken,
    botUserId: options.botUserId,
    botId: options.botId,
    receiver,
    logger: boltLogger(options.logger),
    clientOptions: {
      slackApiUrl: options.apiUrl,
      retryConfig: { retries: 1, factor: 1, minTimeout: 200, maxTimeout: 400 },
      timeout: 2500,
    },
  });
  app.error(async (error) => {
    options.logger.error({ err: error, code: (error as { code?: string }).code }, 'slack listener failed');
    throw error;
  });
  registerTicketListeners(app, options);
  return {
    app,
    route: {
      method: 'POST',
      path: '/slack/events',
      handler: (req, res) => receiver.requestListener(req, res),
    },
  };
}
