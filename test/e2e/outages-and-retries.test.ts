import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildEventCallback, buildMessageEvent } from '../support/fakes/slack-requests.js';
import { click } from '../support/slack-staff.js';
import { CHANNELS, PEOPLE, startTestService, type TestService } from '../support/start-test-service.js';

describe('outages and retries', () => {
  let t: TestService;
  let nextUser = 910_000_001;
  const newOwner = () => t.telegram.user({ id: nextUser++, first_name: 'Owner', language_code: 'en' });

  beforeAll(async () => {
    t = await startTestService({ overrides: { dispatcher: { backoff: { initialMs: 200, maxMs: 1000 } } } });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('loses nothing and keeps each ticket’s order through a Slack outage of 5xx and then 429', async () => {
    t.slack.failNext('chat.postMessage', { status: 503 }, 4);
    t.slack.failNext('chat.postMessage', { status: 500 }, 2);
    t.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 2);
    const owners = [newOwner(), newOwner(), newOwner()];
    const texts = [
      'The lift in block 2 is out of service',
      'Someone sprayed graffiti on the garage door',
      'The hedge by the playground needs trimming',
    ];
    for (const [i, owner] of owners.entries()) owner.sendText(texts[i]!);
    for (const owner of owners) await owner.waitForMessage(/[A-Z]-\d+/, { timeoutMs: 10_000 });

    await t.slack.waitFor(() => t.slack.posts().filter((m) => m.text.startsWith('🧵')).length === 3, {
      timeoutMs: 20_000,
    });
    const failures = t.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.status !== 200);
    expect(failures.some((c) => c.status === 503)).toBe(true);
    expect(failures.some((c) => c.status === 429)).toBe(true);

    for (const text of texts) {
      const cards = t.slack
        .posts()
        .filter((m) => (!m.thread_ts || m.thread_ts === m.ts) && m.text.includes(text.slice(0, 20)));
      expect(cards).toHaveLength(1);
      const thread = t.slack.threadOf(cards[0]!.channel, cards[0]!.ts);
      expect(thread[0]?.text).toMatch(/^🧵/);
      expect(thread.filter((m) => m.text.startsWith('🧵'))).toHaveLength(1);
    }
    // Nothing starts within a Retry-After (a post already on the wire when the 429 came back may land just after).
    for (const limited of failures.filter((c) => c.status === 429)) {
      const during = t.slack.calls.filter(
        (c) => c.method === 'chat.postMessage' && c.at > limited.at + 100 && c.at < limited.at + 950,
      );
      expect(during).toEqual([]);
    }
  });

  it('relays a staff reply once when Slack delivers the same event again', async () => {
    const owner = newOwner();
    owner.sendText('Please can someone fix the broken light in the bike store');
    const receipt = await owner.waitForMessage(/[A-Z]-\d+/, { timeoutMs: 10_000 });
    const number = /([A-Z]-\d+)/.exec(receipt.text ?? '')![1]!;
    const card = await t.slack.waitForPost(CHANNELS.maintenance, new RegExp(number), { timeoutMs: 10_000 });
    await t.slack.waitFor(() => t.slack.threadOf(card.channel, card.ts).length > 0, { timeoutMs: 8000 });
    const human = t.slack.simulateUserMessage({
      channel: card.channel,
      user: PEOPLE.electrician,
      text: 'to owner: Fixed it this afternoon.',
      thread_ts: card.ts,
    });
    const event = buildEventCallback(
      buildMessageEvent({
        channel: card.channel,
        user: PEOPLE.electrician,
        text: human.text,
        ts: human.ts,
        thread_ts: card.ts,
      }),
    );
    const first = await t.postToSlack(event);
    const retry = await t.postToSlack(event, { retryNum: 1 });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await owner.waitForMessage(/Fixed it this afternoon/, { timeoutMs: 8000 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(owner.received().filter((text) => text.includes('Fixed it this afternoon'))).toHaveLength(1);
  });

  it('answers every interaction with 200, refusals and repeats included, so Slack shows no error', async () => {
    const owner = newOwner();
    owner.sendText('The front gate intercom does not ring my flat');
    const receipt = await owner.waitForMessage(/[A-Z]-\d+/, { timeoutMs: 10_000 });
    const number = /([A-Z]-\d+)/.exec(receipt.text ?? '')![1]!;
    const card = await t.slack.waitForPost(CHANNELS.maintenance, new RegExp(number), { timeoutMs: 10_000 });
    const responses = [
      await click(t, { user: PEOPLE.plumber, card, action: 'ticket.ack' }),
      await click(t, { user: PEOPLE.plumber, card, action: 'ticket.ack' }),
      await click(t, { user: PEOPLE.guard, card, action: 'ticket.resolve' }),
      await click(t, { user: PEOPLE.plumber, card, action: 'ticket.urgency', selected: 'emergency' }),
    ];
    for (const response of responses) {
      expect(response.status).toBe(200);
    }
  });
});
