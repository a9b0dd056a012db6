import { describe, expect, it } from '@jest/globals';
import { RateLimiter, ThrottleAbortedError } from '../../../src/jobs/outbox/rate-limiter.js';

describe('RateLimiter', () => {
  const at = (start = 0) => {
    const clock = { now: start };
    return clock;
  };

  it('allows a burst, then one call per interval, per bucket', () => {
    const clock = at(10_000);
    const limiter = new RateLimiter({ slackChannel: { perSecond: 1, burst: 3 } }, () => clock.now);
    const c1 = { scope: 'slack-channel', id: 'C1' } as const;
    expect([limiter.tryTake([c1]), limiter.tryTake([c1]), limiter.tryTake([c1])]).toEqual([0, 0, 0]);
    expect(limiter.tryTake([c1])).toBe(1000);
    expect(limiter.tryTake([{ scope: 'slack-channel', id: 'C2' }])).toBe(0);
    clock.now += 1000;
    expect(limiter.tryTake([c1])).toBe(0);
    expect(limiter.tryTake([c1])).toBe(1000);
  });

  it('takes from every bucket only when all allow it', () => {
    const clock = at(0);
    const limiter = new RateLimiter(
      { telegramChat: { perSecond: 1 }, telegramGlobal: { perSecond: 2 } },
      () => clock.now,
    );
    const chat = (id: string) => ({ scope: 'telegram-chat', id }) as const;
    const global = { scope: 'telegram-global' } as const;
    expect(limiter.tryTake([chat('1'), global])).toBe(0);
    expect(limiter.tryTake([chat('2'), global])).toBe(500);
    expect(limiter.tryTake([chat('1'), global])).toBe(1000);
    clock.now = 500;
    expect(limiter.tryTake([chat('2'), global])).toBe(0);
  });

  it('pauses a bucket for as long as the platform says', () => {
    const clock = at(0);
    const limiter = new RateLimiter({ slackChannel: { perSecond: 10, burst: 2 } }, () => clock.now);
    const c = { scope: 'slack-channel', id: 'C' } as const;
    limiter.pause(c, 3000);
    expect(limiter.tryTake([c])).toBe(3000);
    clock.now = 3000;
    expect(limiter.tryTake([c])).toBe(0);
  });

  it('waits in take() and rejects when aborted', async () => {
    const limiter = new RateLimiter({ slackChannel: { perSecond: 20, burst: 1 } });
    const c = { scope: 'slack-channel', id: 'W' } as const;
    const started = Date.now();
    await limiter.take([c]);
    await limiter.take([c]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    const abort = new AbortController();
    const waiting = limiter.take([c], abort.signal);
    abort.abort();
    await expect(waiting).rejects.toBeInstanceOf(ThrottleAbortedError);
  });
});
