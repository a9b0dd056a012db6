import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { OutboxMessage } from '../../../src/core/outbox/outbox-message.js';
import type { OutboxDispatcher } from '../../../src/jobs/outbox/outbox-dispatcher.js';
import { type OutboxWorld, openOutboxWorld } from './outbox-harness.js';

const notice = (key: string, chatId: number, text = `notice ${key}`, extra: object = {}): OutboxMessage => ({
  key,
  kind: 'telegram.message',
  chatId,
  text,
  ...extra,
});

describe('OutboxDispatcher with Telegram', () => {
  let world: OutboxWorld;
  let main: OutboxDispatcher;
  const owner = () => {
    const user = world.telegram.user();
    world.telegram.registerChat(user.from);
    return user;
  };

  beforeAll(async () => {
    world = await openOutboxWorld();
    main = world.dispatcher({ transports: { telegram: world.telegramTransport } });
  });
  afterEach(() => {
    world.telegram.clearFaults();
  });
  afterAll(async () => {
    await world.close();
  });

  it('sends plain text (never parsed as markup) in order, with keyboards and reply prompts', async () => {
    const ada = owner();
    await world.outbox.enqueue([
      notice('tg-1', ada.chatId, 'Use <b>bold</b> and *stars* _freely_'),
      notice('tg-2', ada.chatId, 'Which ticket?', {
        buttons: [[{ text: 'M-1001', data: 'fu:p1:M-1001' }], [{ text: 'New', data: 'fu:p1:new' }]],
      }),
      notice('tg-3', ada.chatId, 'Share your phone', { keyboard: { kind: 'contact', button: 'Share' } }),
      notice('tg-4', ada.chatId, 'Your unit?', { forceReply: true }),
    ]);
    await world.settled(['tg-1', 'tg-2', 'tg-3', 'tg-4']);
    expect(ada.received()).toEqual([
      'Use <b>bold</b> and *stars* _freely_',
      'Which ticket?',
      'Share your phone',
      'Your unit?',
    ]);
    const sends = world.telegram.sent('sendMessage').filter((r) => Number(r.params.chat_id) === ada.chatId);
    expect(sends.every((r) => r.params.parse_mode === undefined)).toBe(true);
    expect(sends[1]!.params.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: 'M-1001', callback_data: 'fu:p1:M-1001' }],
        [{ text: 'New', callback_data: 'fu:p1:new' }],
      ],
    });
    expect(sends[2]!.params.reply_markup).toMatchObject({
      keyboard: [[{ text: 'Share', request_contact: true }]],
      one_time_keyboard: true,
    });
    expect(sends[3]!.params.reply_markup).toEqual({ force_reply: true });
    expect((await world.row('tg-2'))!.result).toMatchObject({ platform: 'telegram', chatId: ada.chatId });
  });

  it('fails a message to an owner who blocked the bot, tells the hook why, and goes on with the next', async () => {
    const bob = owner();
    bob.block();
    await world.outbox.enqueue([
      notice('tg-blocked-1', bob.chatId, 'hello', { ticketId: 't-9' }),
      notice('tg-blocked-2', bob.chatId),
    ]);
    const rows = await world.settled(['tg-blocked-1', 'tg-blocked-2']);
    expect(rows.map((r) => [r.key, r.status, r.attempts])).toEqual([
      ['tg-blocked-1', 'failed', 1],
      ['tg-blocked-2', 'failed', 1],
    ]);
    const hooked = world.failed.find((f) => f.message.key === 'tg-blocked-1')!;
    expect(hooked.message).toMatchObject({ ticketId: 't-9' });
    expect(hooked.error).toMatchObject({
      platform: 'telegram',
      method: 'sendMessage',
      status: 403,
      description: 'Forbidden: bot was blocked by the user',
      retryable: false,
    });
    expect(hooked.error.payload).toMatchObject({ chat_id: bob.chatId, textLength: 5 });
    expect(JSON.stringify(hooked.error.payload)).not.toContain('hello');
  });

  it('fails a message to a chat Telegram does not know (400 chat not found)', async () => {
    await world.outbox.enqueue([notice('tg-nochat', 999_000_111)]);
    const [row] = await world.settled(['tg-nochat']);
    expect(row).toMatchObject({
      status: 'failed',
      lastError: { status: 400, description: 'Bad Request: chat not found' },
    });
  });

  it('waits the retry_after Telegram asks for before sending again', async () => {
    const cy = owner();
    world.telegram.clearRequests();
    world.telegram.failNext('sendMessage', { status: 429, retryAfter: 1 });
    await world.outbox.enqueue([notice('tg-429', cy.chatId), notice('tg-429-next', cy.chatId)]);
    await world.settled(['tg-429', 'tg-429-next']);
    const calls = world.telegram.requests.filter((r) => r.method === 'sendMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 200, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(cy.received()).toEqual(['notice tg-429', 'notice tg-429-next']);
  });

  it('retries 5xx and network failures with backoff', async () => {
    const di = owner();
    world.telegram.failNext('sendMessage', { status: 502 });
    world.telegram.failNext('sendMessage', { network: 'reset' });
    await world.outbox.enqueue([notice('tg-5xx', di.chatId)]);
    const [row] = await world.settled(['tg-5xx']);
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
    expect(di.received()).toEqual(['notice tg-5xx']);
  });

  it('splits a long text into parts, keyboard on the last, and resumes after a part fails without repeating', async () => {
    const eve = owner();
    const text = `${'x'.repeat(4000)}\n\n${'y'.repeat(4000)}\n\n${'z'.repeat(100)}`;
    const armed = world.telegram
      .waitFor((r) => r.method === 'sendMessage' && r.status === 200 && String(r.params.text).startsWith('x'))
      .then(() => world.telegram.failNext('sendMessage', { status: 500 }))
      .catch(() => undefined);
    await main.stop();
    world.dispatcher({
      transports: { telegram: world.telegramTransport },
      rateLimits: { telegramChat: { perSecond: 5, burst: 1 } },
    });
    await world.outbox.enqueue([
      notice('tg-long', eve.chatId, text, { buttons: [[{ text: 'OK', data: 'ok' }]] }),
    ]);
    await armed;
    const [row] = await world.settled(['tg-long']);
    expect(eve.received()).toEqual(['x'.repeat(4000), 'y'.repeat(4000), 'z'.repeat(100)]);
    const sends = world.telegram.sent('sendMessage').filter((r) => Number(r.params.chat_id) === eve.chatId);
    expect(sends.map((r) => r.params.reply_markup === undefined)).toEqual([true, true, false]);
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect((row!.result as { messageIds: number[] }).messageIds).toHaveLength(3);
  });

  it('leaves messages for a platform without a transport pending', async () => {
    await world.outbox.enqueue([
      { key: 'slack-waits', kind: 'slack.message', channel: 'C0GENRL', text: 'later' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await world.row('slack-waits')).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
