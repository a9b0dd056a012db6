import { describe, expect, it } from '@jest/globals';
import { backoffDelay } from '../../../src/jobs/outbox/backoff.js';

describe('backoffDelay', () => {
  it('doubles from 1 s up to 5 min without jitter', () => {
    const delays = [1, 2, 3, 4, 9, 10, 30].map((n) => backoffDelay(n, { jitter: 0 }));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 256_000, 300_000, 300_000]);
  });

  it('takes up to the jitter fraction off at random', () => {
    expect(backoffDelay(3, { jitter: 0.5 }, undefined, () => 0)).toBe(4000);
    expect(backoffDelay(3, { jitter: 0.5 }, undefined, () => 0.999)).toBe(2002);
  });

  it('waits exactly what the platform asked for when it did', () => {
    expect(backoffDelay(7, {}, 3000, () => 0.9)).toBe(3000);
    expect(backoffDelay(1, {}, 0)).toBe(0);
  });
});
