import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Telegram } from 'telegraf';
import { TelegramTransport } from '../../../src/bots/telegram/telegram-transport.js';
import type { OutboxMessage } from '../../../src/core/outbox/outbox-message.js';
import { DeliveryError } from '../../../src/core/outbox/outbox-transport.js';
import { FakeTelegram } from '../../support/fakes/fake-telegram.js';

const TOKEN = '654321:TRANSPORT-test';

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DeliveryError) return error;
    throw error;
  }
  throw new Error('expected the delivery to fail');
}

describe('TelegramTransport', () => {
  let fake: FakeTelegram;
  let transport: TelegramTransport;
  let chatId: number;
  const message = (text: string, extra: object = {}): OutboxMessage => ({
    key: `k-${text.length}`,
    kind: 'telegram.message',
    chatId,
    text,
    ...extra,
  });

  beforeAll(async () => {
    fake = await FakeTelegram.start({ token: TOKEN });
    transport = new TelegramTransport({ telegram: new Telegram(TOKEN, { apiRoot: fake.apiRoot }) });
    const owner = fake.user();
    fake.registerChat(owner.from);
    chatId = owner.chatId;
  });
  afterEach(() => {
    fake.clearFaults();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('sends one message and answers with its id', async () => {
    const result = await transport.deliver(message('hello'), { attempt: 1, uncertain: false });
    expect(result).toEqual({ platform: 'telegram', chatId, messageIds: [expect.any(Number)] });
    expect(fake.messagesTo(chatId).at(-1)).toBe('hello');
  });

  it('maps 429 to a retryable error with retry_after, pausing the chat', async () => {
    fake.failNext('sendMessage', { status: 429, retryAfter: 3 });
    const error = await failure(transport.deliver(message('x'), { attempt: 1, uncertain: false }));
    expect(error).toMatchObject({
      platform: 'telegram',
      method: 'sendMessage',
      status: 429,
      retryable: true,
      retryAfterMs: 3000,
      rateLimited: { scope: 'telegram-chat', id: String(chatId) },
    });
  });

  it('maps 5xx and lost connections to retryable errors whose outcome is unknown', async () => {
    fake.failNext('sendMessage', { status: 500 });
    expect(await failure(transport.deliver(message('x'), { attempt: 1, uncertain: false }))).toMatchObject({
      status: 500,
      retryable: true,
      ambiguous: true,
    });
    fake.failNext('sendMessage', { network: 'reset' });
    expect(await failure(transport.deliver(message('x'), { attempt: 1, uncertain: false }))).toMatchObject({
      retryable: true,
      ambiguous: true,
    });
  });

  it('maps a refused connection to a retryable error that certainly sent nothing', async () => {
    await fake.goDown('refuse');
    try {
      const error = await failure(transport.deliver(message('x'), { attempt: 1, uncertain: false }));
      expect(error).toMatchObject({ retryable: true, ambiguous: false, code: 'ECONNREFUSED' });
    } finally {
      await fake.goUp();
    }
  });

  it('maps 403 (blocked) and 400 (chat not found) to permanent errors, with a payload summary and no text', async () => {
    const blocked = fake.user();
    fake.registerChat(blocked.from);
    fake.blockChat(blocked.chatId);
    const error = await failure(
      transport.deliver(
        { key: 'b', kind: 'telegram.message', chatId: blocked.chatId, text: 'secret' },
        {
          attempt: 1,
          uncertain: false,
        },
      ),
    );
    expect(error).toMatchObject({
      status: 403,
      code: 403,
      description: 'Forbidden: bot was blocked by the user',
      retryable: false,
      payload: { chat_id: blocked.chatId, textLength: 6, part: 1, parts: 1 },
    });
    expect(JSON.stringify(error.toJSON())).not.toContain('secret');
    const missing = await failure(
      transport.deliver(
        { key: 'm', kind: 'telegram.message', chatId: 1, text: 'x' },
        { attempt: 1, uncertain: false },
      ),
    );
    expect(missing).toMatchObject({
      status: 400,
      description: 'Bad Request: chat not found',
      retryable: false,
    });
  });

  it('splits long texts at paragraph breaks, records progress, and resumes without resending sent parts', async () => {
    const text = `${'a'.repeat(3000)}\n\n${'b'.repeat(3000)}\n\n${'c'.repeat(3000)}`;
    const saved: { sent: number[] }[] = [];
    let throttles = 0;
    const context = {
      attempt: 1,
      uncertain: false,
      saveProgress: async (progress: unknown) => {
        saved.push(structuredClone(progress) as { sent: number[] });
      },
      throttle: async () => {
        throttles += 1;
        if (throttles === 3) fake.failNext('sendMessage', { status: 502 });
      },
    };
    const error = await failure(transport.deliver(message(text, { forceReply: true }), context));
    expect(error).toMatchObject({ status: 502, payload: { part: 3, parts: 3, replyMarkup: 'force_reply' } });
    expect(saved.map((p) => p.sent.length)).toEqual([1, 2]);
    const result = await transport.deliver(message(text, { forceReply: true }), {
      ...context,
      attempt: 2,
      progress: saved.at(-1),
    });
    expect(fake.messagesTo(chatId).slice(-3)).toEqual(['a'.repeat(3000), 'b'.repeat(3000), 'c'.repeat(3000)]);
    expect((result as { messageIds: number[] }).messageIds.slice(0, 2)).toEqual(saved.at(-1)!.sent);
    const sends = fake.sent('sendMessage').slice(-3);
    expect(sends.map((r) => r.params.reply_markup)).toEqual([undefined, undefined, { force_reply: true }]);
  });

  it('uses an injected splitter', async () => {
    const custom = new TelegramTransport({
      telegram: new Telegram(TOKEN, { apiRoot: fake.apiRoot }),
      split: (text) => text.split('|'),
    });
    const result = await custom.deliver(message('one|two'), { attempt: 1, uncertain: false });
    expect((result as { messageIds: number[] }).messageIds).toHaveLength(2);
    expect(fake.messagesTo(chatId).slice(-2)).toEqual(['one', 'two']);
  });

  it('refuses messages for Slack as a permanent error', async () => {
    const error = await failure(
      transport.deliver(
        { key: 's', kind: 'slack.message', channel: 'C1', text: 'x' },
        { attempt: 1, uncertain: false },
      ),
    );
    expect(error.retryable).toBe(false);
  });
});
