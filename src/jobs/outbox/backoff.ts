/** How long to wait between attempts of one message. */
export interface BackoffOptions {
  /** Delay after the first failure; doubles after each further one. Default 1000 ms. */
  initialMs?: number;
  /** Default 5 minutes. */
  maxMs?: number;
  /** Fraction of the delay taken off at random, so retries of many messages spread out. Default 0.3. */
  jitter?: number;
}

/** The delay before attempt `failures + 1`, after `failures` failures; a platform's `retryAfterMs` wins exactly. */
export function backoffDelay(
  failures: number,
  options: BackoffOptions = {},
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.max(0, retryAfterMs);
  const { initialMs = 1000, maxMs = 300_000, jitter = 0.3 } = options;
  const exponential = Math.min(maxMs, initialMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential * (1 - jitter * random()));
}
