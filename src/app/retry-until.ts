import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.js';

/**
 * Calls `attempt` until it succeeds or `signal` aborts, backing off from 500 ms to 30 s; logs each failure with
 * `what`. Resolves undefined when aborted.
 */
export async function retryUntil<T>(
  what: string,
  attempt: () => Promise<T>,
  logger: Logger,
  signal: AbortSignal,
): Promise<T | undefined> {
  for (let delay = 500; !signal.aborted; delay = Math.min(delay * 2, 30_000)) {
    try {
      return await attempt();
    } catch (error) {
      logger.warn({ err: error, retryInMs: delay }, `${what} failed; retrying`);
      await sleep(delay, undefined, { signal }).catch(() => undefined);
    }
  }
  return undefined;
}
