import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CHANNELS, PEOPLE, startTestService, type TestService } from '../../support/start-test-service.js';
import { acknowledge, closedNow, postsMatching, report, until } from './follow-up-helpers.js';

describe('escalation ladder and on-duty paging (real database, seconds-long timings)', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({
      settings: (s) => {
        s.deadlines.acknowledge = { emergency: '2s', urgent: '1h', ordinary: '4h' };
        s.escalation = { nextLevelAfter: '3s', emergencyRepeatEvery: '2s' };
        s.businessHours = closedNow();
        s.departments.maintenance.onDuty = [
          {
            user: PEOPLE.electrician,
            days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
            start: '00:00',
            end: '23:59',
          },
        ];
      },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('climbs the ladder for an unacknowledged emergency and stops at acknowledgement', async () => {
    const { number, card } = await report(
      t,
      'Water is pouring from the ceiling and flooding my kitchen, urgent',
    );
    const ladder = new RegExp(`${number}.*not acknowledged`);
    await t.slack.waitForPost(CHANNELS.supervisors, ladder, { timeoutMs: 10_000 });
    const first = postsMatching(t, ladder)[0]!;
    expect(String(first.params.text)).toContain(`<@${PEOPLE.supervisor}>`);
    expect(String(first.params.text)).toMatch(/Maintenance, emergency/);
    expect(String(first.params.text)).toMatch(/late/);
    // Level 2 (the manager) after nextLevelAfter, and repeats every emergencyRepeatEvery.
    await until(
      () => postsMatching(t, ladder).some((c) => String(c.params.text).includes(`<@${PEOPLE.manager}>`)),
      15_000,
      'manager ping',
    );
    await until(() => postsMatching(t, new RegExp(`${number}.*reminder`)).length > 0, 10_000, 'a repeat');
    // The thread of the ticket hears it too.
    expect(
      t.slack
        .callsTo('chat.postMessage')
        .some((c) => c.params.thread_ts === card.ts && /pinged/.test(String(c.params.text))),
    ).toBe(true);

    expect((await acknowledge(t, card)).status).toBe(200);
    await until(
      async () =>
        (await t.service.connection.collection('tickets').findOne({ number }))?.status === 'acknowledged',
      10_000,
      'ack',
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const atAck = postsMatching(t, ladder).length;
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(postsMatching(t, ladder).length).toBe(atAck);
    // Each rung once.
    const texts = postsMatching(t, ladder).map((c) => String(c.params.text));
    expect(new Set(texts.filter((x) => !x.includes('reminder'))).size).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('pages the on-duty person by DM for an urgent ticket after hours', async () => {
    const { number } = await report(t, 'No hot water in my flat since this morning, please come today');
    await until(() => postsMatching(t, new RegExp(`on duty.*${number}`)).length > 0, 10_000, 'page');
    const page = postsMatching(t, new RegExp(`on duty.*${number}`));
    expect(page).toHaveLength(1);
    expect(t.slack.callsTo('conversations.open').some((c) => c.params.users === PEOPLE.electrician)).toBe(
      true,
    );
  }, 20_000);
});
