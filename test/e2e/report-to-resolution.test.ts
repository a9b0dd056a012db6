import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildBlockAction, buildViewSubmission } from '../support/fakes/slack-requests.js';
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

    const receipt = await owner.waitForMessage(/M-\d+/, { timeoutMs: 8000 });
    const number = /([A-Z]-\d+)/.exec(receipt.text ?? '')![1]!;
    expect(receipt.text).toMatch(/Maintenance/);

    const card = await t.slack.waitForPost(CHANNELS.maintenance, new RegExp(number), { timeoutMs: 8000 });
    expect(JSON.stringify(card.blocks)).toContain('kitchen sink');
    const ticketId = JSON.stringify(card.blocks).match(/"value":"([0-9a-f]{24})"/)![1]!;

    const ack = await t.postToSlack(
      buildBlockAction(
        {
          user: { id: PEOPLE.plumber },
          channel: { id: CHANNELS.maintenance },
          message: { ts: card.ts },
          container: { type: 'message', channel_id: CHANNELS.maintenance, message_ts: card.ts },
          actions: [{ action_id: 'ticket.ack', value: ticketId }],
        },
        { slack: t.slack },
      ),
    );
    expect(ack.status).toBe(200);
    await owner.waitForMessage(/Zhang Wei/, { timeoutMs: 8000 });
    await t.slack.waitForCall(
      'chat.update',
      (c) =>
        JSON.stringify(c.params).includes('Zhang Wei') || JSON.stringify(c.params).includes(PEOPLE.plumber),
    );

    const open = await t.postToSlack(
      buildBlockAction(
        {
          user: { id: PEOPLE.plumber },
          channel: { id: CHANNELS.maintenance },
          message: { ts: card.ts },
          container: { type: 'message', channel_id: CHANNELS.maintenance, message_ts: card.ts },
          actions: [{ action_id: 'ticket.resolve', value: ticketId }],
        },
        { slack: t.slack },
      ),
    );
    expect(open.status).toBe(200);
    const opened = await t.slack.waitForCall('views.open');
    const view = opened.response.view as { id: string; callback_id: string; private_metadata: string };
    const submit = await t.postToSlack(
      buildViewSubmission(
        {
          user: { id: PEOPLE.plumber },
          view: {
            id: view.id,
            callback_id: view.callback_id,
            private_metadata: view.private_metadata,
            state: {
              values: {
                'ticket.resolve.note': {
                  text: { type: 'plain_text_input', value: 'Replaced the washer; no more drips.' },
                },
              },
            },
          },
        },
        { slack: t.slack },
      ),
    );
    expect(submit.status).toBe(200);
    const resolved = await owner.waitForMessage(/Replaced the washer/, { timeoutMs: 8000 });
    expect(resolved.text).toContain(number);
  });
});
