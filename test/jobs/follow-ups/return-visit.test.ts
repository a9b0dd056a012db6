import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CHANNELS, startTestService, type TestService } from '../../support/start-test-service.js';
import { postsMatching, report, resolve, storedTicket, until } from './follow-up-helpers.js';

describe('return visits (real database, seconds-long timings)', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({
      settings: (s) => {
        s.returnVisit = {
          ...s.returnVisit,
          delay: { emergency: '1s', urgent: '1s', ordinary: '1s' },
          bySpecialty: {},
          answerWindow: '4s',
        };
      },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  async function resolvedTicket(text: string) {
    const r = await report(t, text);
    expect((await resolve(t, r.card, 'Fixed it.')).status).toBe(200);
    const question = await r.owner.waitForMessage(/How did we do/, { timeoutMs: 15_000 });
    return { ...r, question };
  }

  it('a good score closes the ticket, thanks the owner and keeps the rating and comment', async () => {
    const { owner, number, question } = await resolvedTicket('The corridor light bulb on my floor is broken');
    owner.pressButton({ messageId: question.message_id, data: `rv:${number}:5` });
    await owner.waitForMessage(/Thank you for rating/, { timeoutMs: 10_000 });
    owner.sendText('Quick and friendly, thanks!');
    await owner.waitForMessage(/your comment/, { timeoutMs: 10_000 });
    const doc = await storedTicket(t, number);
    expect(doc?.status).toBe('closed');
    expect(doc?.returnVisits[0]).toMatchObject({ score: 5, comment: 'Quick and friendly, thanks!' });
  }, 30_000);

  it('a low score reopens the ticket, tells the supervisors and the owner', async () => {
    const { owner, number, question, card } = await resolvedTicket(
      'The corridor light bulb on my floor is broken again',
    );
    owner.pressButton({ messageId: question.message_id, data: `rv:${number}:2` });
    await owner.waitForMessage(/reopened it/, { timeoutMs: 10_000 });
    await t.slack.waitForPost(CHANNELS.supervisors, new RegExp(`${number}.*2/5; reopened`), {
      timeoutMs: 10_000,
    });
    await until(
      () => postsMatching(t, /ticket reopened/).some((c) => c.params.thread_ts === card.ts),
      10_000,
      'thread note',
    );
    const doc = await storedTicket(t, number);
    expect(doc?.status).toBe('reopened');
    expect(doc?.returnVisits[0]).toMatchObject({ score: 2 });
  }, 30_000);

  it('"not fixed" reopens the ticket', async () => {
    const { owner, number, question } = await resolvedTicket('The lift on building 2 makes a grinding noise');
    owner.pressButton({ messageId: question.message_id, data: `rv:${number}:nf` });
    await owner.waitForMessage(/reopened it/, { timeoutMs: 10_000 });
    await t.slack.waitForPost(CHANNELS.supervisors, new RegExp(`${number}.*not fixed`), {
      timeoutMs: 10_000,
    });
    const doc = await storedTicket(t, number);
    expect(doc?.status).toBe('reopened');
    expect(doc?.returnVisits[0]).toMatchObject({ notFixed: true });
  }, 30_000);

  it('no answer closes the ticket quietly after the answer window', async () => {
    const { owner, number } = await resolvedTicket('The door of the bike shed squeaks');
    const before = owner.received().length;
    await until(async () => (await storedTicket(t, number))?.status === 'closed', 15_000, 'quiet close');
    const doc = await storedTicket(t, number);
    expect(doc?.returnVisits[0]).toMatchObject({ unanswered: true });
    expect(owner.received().length).toBe(before);
  }, 30_000);
});
