import type { HttpRoute } from './http-route.js';
import { sendJson } from './send-json.js';

/** One readiness check: a dependency and whether it can be used now. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<{ ok: boolean; detail?: string }>;
}

/** `GET /healthz`: the process is up. `GET /readyz`: every dependency answers (503 otherwise). */
export function healthRoutes(checks: ReadinessCheck[], isShuttingDown: () => boolean): HttpRoute[] {
  return [
    { method: 'GET', path: '/healthz', handler: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/readyz',
      handler: async (_req, res) => {
        const results = await Promise.all(
          checks.map(async ({ name, check }) => {
            try {
              return { name, ...(await check()) };
            } catch (error) {
              return { name, ok: false, detail: (error as Error).message };
            }
          }),
        );
        const ready = !isShuttingDown() && results.every((r) => r.ok);
        sendJson(res, ready ? 200 : 503, {
          status: ready ? 'ready' : isShuttingDown() ? 'shutting down' : 'not ready',
          checks: Object.fromEntries(results.map(({ name, ...rest }) => [name, rest])),
        });
      },
    },
  ];
}
