import { createServer, type Server } from 'node:http';
import type { Logger } from '../logger.js';
import type { HttpRoute } from './http-route.js';
import { sendJson } from './send-json.js';

/** The service's one HTTP server: Slack requests, the Telegram webhook and health, by exact path. */
export function createHttpServer(routes: HttpRoute[], logger: Logger): Server {
  const table = new Map(routes.map((route) => [`${route.method} ${route.path}`, route.handler]));
  const paths = new Set(routes.map((route) => route.path));
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handler = table.get(`${req.method} ${path}`);
    if (!handler) {
      sendJson(res, paths.has(path) ? 405 : 404, {
        error: paths.has(path) ? 'method not allowed' : 'not found',
      });
      return;
    }
    try {
      await handler(req, res);
    } catch (error) {
      logger.error({ err: error, path }, 'request handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    }
  });
  server.keepAliveTimeout = 5000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return server;
}
