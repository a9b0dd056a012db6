import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CHANNELS, startTestService, type TestService } from '../support/start-test-service.js';

const SECRET = 'webhook-secret-for-tests_0123';

describe('Telegram webhook mode', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ webhookSecret: SECRET });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('registers the webhook with its secret and takes reports through it', async () => {
    const registered = await t.telegram.waitForRequest('setWebhook', undefined, { timeoutMs: 10_000 });
    expect(registered.params).toMatchObject({
      url: expect.stringMatching(/\/telegram\/webhook$/),
      secret_token: SECRET,
      max_connections: 1,
    });
    expect(t.telegram.sent('getUpdates')).toEqual([]);
    const owner = t.telegram.user({ id: 930_000_001, first_name: 'Webhook', language_code: 'en' });
    owner.sendText('Someone dumped rubbish bags in the stairwell on floor 3');
    const receipt = await owner.waitForMessage(/[A-Z]-\d+/, { timeoutMs: 10_000 });
    const number = /([A-Z]-\d+)/.exec(receipt.text ?? '')![1]!;
    await t.slack.waitForPost(CHANNELS.cleaning, new RegExp(number), { timeoutMs: 10_000 });
  });

  it('refuses updates without the secret, and stores nothing from them', async () => {
    const url = `http://127.0.0.1:${t.service.port}/telegram/webhook`;
    const forged = {
      update_id: 999_999_999,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 930_000_099, type: 'private', first_name: 'Mallory' },
        from: { id: 930_000_099, is_bot: false, first_name: 'Mallory' },
        text: 'the gas is leaking everywhere!!!',
      },
    };
    const missing = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(forged),
    });
    const wrong = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'guess' },
      body: JSON.stringify(forged),
    });
    expect([missing.status, wrong.status]).toEqual([401, 401]);
    expect(
      await t.service.connection.collection('telegram_updates').findOne({ _id: 999_999_999 as never }),
    ).toBeNull();
    expect(await t.service.connection.collection('tickets').countDocuments({ chatId: 930_000_099 })).toBe(0);
  });
});
