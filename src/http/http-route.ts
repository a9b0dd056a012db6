import type { IncomingMessage, ServerResponse } from 'node:http';

/** Handles one request; the server has matched method and path already. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** A route on the service's one HTTP server. */
export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  handler: HttpHandler;
}
