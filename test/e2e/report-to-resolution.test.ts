import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { click, submitModal } from '../support/slack-staff.js';
import { CHANNELS, PEOPLE, startTestService, type TestService } from '../support/start-test-service.js';

describe('an owner report, from Telegram to resolution', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('gives the owner a ticket number, posts a card to maintenance, and carries every step back to the owner', async () => {
    const owner = t.telegram.user({ first_name: 'Ada', language_code: 'en' });
    owner.sendText('Water is dripping from the pipe under my kitchen sink, please send a plumber');

    const receipt = await owner.waitForMessage(/M-\d+/, { timeoutMs: 10_000 });
    const number = /([A-Z]-\d+)/.exec(receipt.text ?? '')![1]!;
    expect(receipt.text).toMatch(/Maintenance · urgent/);
    expect(receipt.text).toMatch(/Expect an answer within 30 minutes/);

    const card = await t.slack.waitForPost(CHANNELS.maintenance, new RegExp(number), { timeoutMs: 10_000 });
    expect(JSON.stringify(card.blocks)).toContain('kitchen sink');
    expect(JSON.stringify(card.blocks)).toContain('ticket.ack');

    expect((await click(t, { user: PEOPLE.plumber, card, action: 'ticket.ack' })).status).toBe(200);
    await owner.waitForMessage(/Zhang Wei/, { timeoutMs: 10_000 });
    await t.slack.waitFor(
      () => !JSON.stringify(t.slack.message(card.channel, card.ts)?.blocks).includes('"ticket.ack"'),
      {
        timeoutMs: 10_000,
      },
    );
    expect(JSON.stringify(t.slack.message(card.channel, card.ts)?.blocks)).toContain(`<@${PEOPLE.plumber}>`);

    const submitted = await submitModal(t, {
      user: PEOPLE.plumber,
      card,
      action: 'ticket.resolve',
      block: 'ticket.resolve.note',
      text: 'Replaced the washer; no more drips.',
    });
    expect(submitted.status).toBe(200);
    const resolved = await owner.waitForMessage(/Replaced the washer/, { timeoutMs: 10_000 });
    expect(resolved.text).toContain(number);
    await t.slack.waitFor(
      () => JSON.stringify(t.slack.message(card.channel, card.ts)?.blocks).includes('Replaced the washer'),
      { timeoutMs: 10_000 },
    );
  });
});
