import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestService, type TestService } from '../../support/start-test-service.js';
import { report, resolve } from './follow-up-helpers.js';

describe('quiet hours (fixed clock)', () => {
  let t: TestService;
  // 23:00 in Asia/Shanghai, quiet hours 21:30–08:00 (config.example.yaml). In the future, so no job falls due.
  let now = new Date('2030-01-15T15:00:00Z');
  beforeAll(async () => {
    t = await startTestService({ overrides: { clock: { now: () => now } } });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('holds an ordinary resolution notice until morning', async () => {
    const { owner, number, card } = await report(t, 'The corridor light bulb on my floor is broken');
    expect((await resolve(t, card, 'New bulb fitted.')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(owner.received().some((text) => text.includes('New bulb fitted'))).toBe(false);
    now = new Date('2030-01-16T00:00:30Z'); // 08:00:30 in Shanghai
    const notice = await owner.waitForMessage(/New bulb fitted/, { timeoutMs: 10_000 });
    expect(notice.text).toContain(number);
  }, 30_000);

  it('never holds an urgent one', async () => {
    now = new Date('2030-01-16T15:00:00Z');
    const { owner, card } = await report(t, 'No hot water in my flat since this morning, please come today');
    expect((await resolve(t, card, 'Boiler restarted.')).status).toBe(200);
    await owner.waitForMessage(/Boiler restarted/, { timeoutMs: 10_000 });
  }, 30_000);
});
