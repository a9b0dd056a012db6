import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CHANNELS, startTestService, type TestService } from '../../support/start-test-service.js';
import { postsMatching, report, resolve, until } from './follow-up-helpers.js';

const settings = (s: Record<string, any>) => {
  s.deadlines.acknowledge = { emergency: '2s', urgent: '1h', ordinary: '4h' };
  s.escalation = { nextLevelAfter: '2s', emergencyRepeatEvery: '1h' };
  s.returnVisit = {
    ...s.returnVisit,
    delay: { emergency: '1s', urgent: '1s', ordinary: '1s' },
    bySpecialty: {},
    answerWindow: '1h',
  };
};

describe('several workers on one database', () => {
  let main: TestService;
  let worker: TestService;
  beforeAll(async () => {
    main = await startTestService({ settings, overrides: { jobs: { lockLifetimeMs: 2000 } } });
    worker = await startTestService({
      settings,
      reuse: main,
      overrides: { role: 'worker', jobs: { lockLifetimeMs: 2000 } },
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await main?.stop();
  });

  it('two workers send each escalation and each return-visit question once', async () => {
    const { number } = await report(
      main,
      'Water is pouring from the ceiling and flooding my kitchen, urgent',
    );
    const ladder = new RegExp(`${number}.*not acknowledged`);
    await until(() => postsMatching(main, ladder).length >= 2, 15_000, 'two rungs');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(postsMatching(main, ladder)).toHaveLength(2);
    await main.slack.waitForPost(CHANNELS.supervisors, ladder);

    const second = await report(main, 'The corridor light bulb on my floor is broken');
    expect((await resolve(main, second.card, 'Bulb replaced.')).status).toBe(200);
    await second.owner.waitForMessage(/How did we do/, { timeoutMs: 15_000 });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(second.owner.received().filter((text) => /How did we do/.test(text))).toHaveLength(1);
  }, 30_000);

  it('a job whose worker died after sending (lock expired, never marked done) runs again and sends nothing twice', async () => {
    const { owner, card, number } = await report(main, 'The door of the bike shed squeaks');
    expect((await resolve(main, card, 'Hinges oiled.')).status).toBe(200);
    await owner.waitForMessage(/How did we do/, { timeoutMs: 15_000 });
    const jobs = main.service.connection.collection('agendaJobs');
    const ticket = await main.service.connection.collection('tickets').findOne({ number });
    const filter = { name: 'return-visit', 'data.ticketId': String(ticket!._id) };
    await until(async () => Boolean((await jobs.findOne(filter))?.lastFinishedAt), 10_000, 'job finished');
    // What a worker killed mid-job leaves behind: the job locked by it, not finished, due.
    const dead = new Date(Date.now() - 10_000);
    await jobs.updateOne(filter, {
      $set: { lockedAt: dead, lastRunAt: dead, nextRunAt: dead },
      $unset: { lastFinishedAt: '' },
    });
    await until(async () => Boolean((await jobs.findOne(filter))?.lastFinishedAt), 15_000, 'job run again');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(owner.received().filter((text) => /How did we do/.test(text))).toHaveLength(1);
  }, 30_000);
});
