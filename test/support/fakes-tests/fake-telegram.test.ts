import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Telegraf, TelegramError } from 'telegraf';
import { eventually as waitUntil } from '../eventually.js';
import { FakeTelegram } from '../fakes/fake-telegram.js';

const TOKEN = '123456:TEST-token';

async function rawCall(fake: FakeTelegram, method: string, params: Record<string, unknown> = {}) {
  const res = await fetch(`${fake.apiRoot}/bot${TOKEN}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const eventually = (check: () => boolean, timeoutMs = 3000) => waitUntil(check, timeoutMs, 10);

async function rejection(promise: Promise<unknown>): Promise<TelegramError> {
  try {
    await promise;
  } catch (error) {
    return error as TelegramError;
  }
  throw new Error('expected the call to fail');
}

describe('FakeTelegram', () => {
  let fake: FakeTelegram;
  let bot: Telegraf;

  beforeAll(async () => {
    fake = await FakeTelegram.start({ token: TOKEN, webhookRetryMinMs: 20, webhookRetryMaxMs: 50 });
    bot = new Telegraf(TOKEN, { telegram: { apiRoot: fake.apiRoot } });
  });

  afterAll(async () => {
    await fake.close();
  });

  afterEach(() => {
    fake.clearFaults();
  });

  describe('authentication and routing', () => {
    it('answers getMe with the bot derived from the token', async () => {
      const me = await bot.telegram.getMe();
      expect(me).toMatchObject({ id: 123456, is_bot: true, username: 'concierge_test_bot' });
    });

    it('rejects a wrong token with 401 Unauthorized', async () => {
      const other = new Telegraf('999:wrong', { telegram: { apiRoot: fake.apiRoot } });
      const error = await rejection(other.telegram.getMe());
      expect(error).toBeInstanceOf(TelegramError);
      expect(error.response).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    });

    it('rejects an unknown method with 404 Not Found', async () => {
      const { status, body } = await rawCall(fake, 'sendTelepathy');
      expect(status).toBe(404);
      expect(body).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
    });

    it('treats method names case-insensitively like the real API', async () => {
      const { status, body } = await rawCall(fake, 'GETME');
      expect(status).toBe(200);
      expect(body.result.id).toBe(123456);
      expect(fake.requests.at(-1)?.method).toBe('getMe');
    });

    it('parses GET query strings and urlencoded bodies with JSON-encoded reply_markup', async () => {
      const owner = fake.user();
      owner.sendText('hi');
      const markup = JSON.stringify({ inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] });
      const form = new URLSearchParams({ chat_id: String(owner.chatId), text: 'form', reply_markup: markup });
      const formRes = await fetch(`${fake.apiRoot}/bot${TOKEN}/sendMessage`, { method: 'POST', body: form });
      expect(formRes.status).toBe(200);
      const getRes = await fetch(
        `${fake.apiRoot}/bot${TOKEN}/sendMessage?chat_id=${owner.chatId}&text=query`,
      );
      expect(getRes.status).toBe(200);
      const [viaForm, viaQuery] = fake.sent('sendMessage').slice(-2);
      expect(viaForm?.params.reply_markup).toEqual({
        inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]],
      });
      expect(viaQuery?.httpMethod).toBe('GET');
      expect(owner.received()).toEqual(['form', 'query']);
    });
  });

  describe('sendMessage', () => {
    it('rejects a chat the user never opened with 400 chat not found', async () => {
      const error = await rejection(bot.telegram.sendMessage(42, 'hello'));
      expect(error.response).toEqual({
        ok: false,
        error_code: 400,
        description: 'Bad Request: chat not found',
      });
    });

    it('returns a real Message with per-chat incrementing ids and records it', async () => {
      const owner = fake.user({ first_name: 'Mei', language_code: 'zh-hans' });
      const { message } = owner.sendText('hello');
      const first = await bot.telegram.sendMessage(owner.chatId, 'Welcome', {
        reply_markup: { inline_keyboard: [[{ text: 'Start', callback_data: 'start' }]] },
      });
      const second = await bot.telegram.sendMessage(owner.chatId, 'Second');
      expect(first).toMatchObject({
        message_id: message!.message_id + 1,
        from: { id: 123456, is_bot: true },
        chat: { id: owner.chatId, type: 'private', first_name: 'Mei' },
        text: 'Welcome',
        reply_markup: { inline_keyboard: [[{ text: 'Start', callback_data: 'start' }]] },
      });
      expect(typeof first.date).toBe('number');
      expect(second.message_id).toBe(first.message_id + 1);
      expect(fake.messagesTo(owner.chatId)).toEqual(['Welcome', 'Second']);
      expect(fake.sent('sendMessage').at(-1)?.params).toMatchObject({
        chat_id: owner.chatId,
        text: 'Second',
      });
    });

    it('validates text length, parse_mode entities and callback_data like Telegram', async () => {
      const owner = fake.user();
      owner.sendText('hi');
      const send = (text: string, extra: Record<string, unknown> = {}) =>
        rejection(bot.telegram.sendMessage(owner.chatId, text, extra)).then((e) => e.response.description);
      expect(await send('   ')).toBe('Bad Request: message text is empty');
      expect(await send('x'.repeat(4097))).toBe('Bad Request: message is too long');
      expect(await send('<b>bold', { parse_mode: 'HTML' })).toBe(
        `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`,
      );
      expect(await send('<foo>x</foo>', { parse_mode: 'HTML' })).toBe(
        `Bad Request: can't parse entities: Unsupported start tag "foo" at byte offset 0`,
      );
      expect(await send('Ticket #12 created.', { parse_mode: 'MarkdownV2' })).toBe(
        `Bad Request: can't parse entities: Character '#' is reserved and must be escaped with the preceding '\\'`,
      );
      expect(
        await send('pick', {
          reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'x'.repeat(65) }]] },
        }),
      ).toBe('Bad Request: BUTTON_DATA_INVALID');
    });

    it('stores formatted text without markup and with entities', async () => {
      const owner = fake.user();
      owner.sendText('hi');
      const html = await bot.telegram.sendMessage(owner.chatId, '<b>Ticket</b> &lt;12&gt;', {
        parse_mode: 'HTML',
      });
      expect(html.text).toBe('Ticket <12>');
      expect(html.entities).toEqual([{ type: 'bold', offset: 0, length: 6 }]);
      const md = await bot.telegram.sendMessage(owner.chatId, '*Ticket* \\#12\\.', {
        parse_mode: 'MarkdownV2',
      });
      expect(md.text).toBe('Ticket #12.');
    });

    it('answers 403 for a chat that blocked the bot', async () => {
      const owner = fake.user();
      owner.sendText('hi');
      fake.blockChat(owner.chatId);
      const error = await rejection(bot.telegram.sendMessage(owner.chatId, 'still there?'));
      expect(error.code).toBe(403);
      expect(error.description).toBe('Forbidden: bot was blocked by the user');
    });
  });

  describe('editing, callbacks and files', () => {
    it('edits messages and refuses missing or unchanged ones', async () => {
      const owner = fake.user();
      owner.sendText('hi');
      const sent = await bot.telegram.sendMessage(owner.chatId, 'Status: open', {
        reply_markup: { inline_keyboard: [[{ text: 'Close', callback_data: 'close' }]] },
      });
      const edited = await bot.telegram.editMessageText(
        owner.chatId,
        sent.message_id,
        undefined,
        'Status: closed',
      );
      expect(edited).toMatchObject({ text: 'Status: closed' });
      expect((edited as { reply_markup?: unknown }).reply_markup).toBeUndefined();
      const same = await rejection(
        bot.telegram.editMessageText(owner.chatId, sent.message_id, undefined, 'Status: closed'),
      );
      expect(same.description).toMatch(/^Bad Request: message is not modified: /);
      const missing = await rejection(bot.telegram.editMessageText(owner.chatId, 9999, undefined, 'x'));
      expect(missing.description).toBe('Bad Request: message to edit not found');
      const markup = await rejection(
        bot.telegram.editMessageReplyMarkup(owner.chatId, sent.message_id, undefined, undefined),
      );
      expect(markup.description).toMatch(/message is not modified/);
    });

    it('delivers button presses to bot.action and accepts one answerCallbackQuery per query', async () => {
      const owner = fake.user();
      owner.sendText('hi');
      const menu = await bot.telegram.sendMessage(owner.chatId, 'Choose', {
        reply_markup: { inline_keyboard: [[{ text: 'Plumbing', callback_data: 'cat:plumbing' }]] },
      });
      expect(() => owner.pressButton({ messageId: menu.message_id, data: 'cat:nope' })).toThrow(/no button/);
      const { callbackQuery } = owner.pressButton({ messageId: menu.message_id, data: 'cat:plumbing' });
      expect(callbackQuery?.message?.message_id).toBe(menu.message_id);
      await bot.telegram.answerCbQuery(callbackQuery!.id, 'Got it');
      const again = await rejection(bot.telegram.answerCbQuery(callbackQuery!.id));
      expect(again.description).toBe(
        'Bad Request: query is too old and response timeout expired or query ID is invalid',
      );
      fake.pending.length = 0;
    });

    it('accepts multipart uploads and serves files through getFile', async () => {
      const owner = fake.user();
      owner.sendText('hi');
      const bytes = Buffer.from('fake image bytes');
      const photo = await bot.telegram.sendPhoto(
        owner.chatId,
        { source: bytes, filename: 'a.jpg' },
        { caption: 'Leak' },
      );
      expect(photo.caption).toBe('Leak');
      expect(fake.sent('sendPhoto').at(-1)?.params.photo).toMatchObject({
        filename: 'a.jpg',
        size: bytes.length,
      });
      const largest = photo.photo.at(-1)!;
      const link = await bot.telegram.getFileLink(largest.file_id);
      expect(link.href.startsWith(fake.apiRoot)).toBe(true);
      const download = await fetch(link);
      expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);

      const { message } = owner.sendPhoto({ caption: 'from owner' });
      const file = await bot.telegram.getFile(message!.photo!.at(-1)!.file_id);
      expect(file.file_path).toMatch(/^photos\//);
      fake.pending.length = 0;
    });
  });

  describe('getUpdates', () => {
    afterEach(async () => {
      const last = fake.pending.at(-1);
      if (last) await rawCall(fake, 'getUpdates', { offset: last.update_id + 1 });
    });

    it('redelivers unconfirmed updates until an offset confirms them', async () => {
      const owner = fake.user();
      const a = owner.sendText('one').update;
      const b = owner.sendText('two').update;
      const first = await rawCall(fake, 'getUpdates');
      const again = await rawCall(fake, 'getUpdates');
      expect(first.body.result.map((u: { update_id: number }) => u.update_id)).toEqual([
        a.update_id,
        b.update_id,
      ]);
      expect(again.body.result).toEqual(first.body.result);
      const afterA = await rawCall(fake, 'getUpdates', { offset: a.update_id + 1 });
      expect(afterA.body.result.map((u: { update_id: number }) => u.update_id)).toEqual([b.update_id]);
      const limited = await rawCall(fake, 'getUpdates', { limit: 1 });
      expect(limited.body.result).toHaveLength(1);
      const confirmed = await rawCall(fake, 'getUpdates', { offset: b.update_id + 1 });
      expect(confirmed.body.result).toEqual([]);
    });

    it('keeps only the last N updates for a negative offset', async () => {
      const owner = fake.user();
      owner.sendText('1');
      owner.sendText('2');
      const third = owner.sendText('3').update;
      const { body } = await rawCall(fake, 'getUpdates', { offset: -1 });
      expect(body.result.map((u: { update_id: number }) => u.update_id)).toEqual([third.update_id]);
      expect(fake.pending).toHaveLength(1);
    });

    it('holds a long poll until an update arrives', async () => {
      const started = Date.now();
      const poll = rawCall(fake, 'getUpdates', { timeout: 10 });
      setTimeout(() => fake.user().sendText('wake up'), 150);
      const { body } = await poll;
      expect(body.result).toHaveLength(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('returns an empty list when the long poll timeout elapses', async () => {
      const started = Date.now();
      const { body } = await rawCall(fake, 'getUpdates', { timeout: 1 });
      expect(body.result).toEqual([]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    });

    it('terminates the earlier of two concurrent long polls with 409 Conflict', async () => {
      const first = rawCall(fake, 'getUpdates', { timeout: 10 });
      await new Promise((r) => setTimeout(r, 50));
      const second = rawCall(fake, 'getUpdates', { timeout: 0 });
      const [a, b] = await Promise.all([first, second]);
      expect(a.status).toBe(409);
      expect(a.body.description).toBe(
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      );
      expect(b.status).toBe(200);
    });

    it('ignores update types outside allowed_updates', async () => {
      await rawCall(fake, 'getUpdates', { allowed_updates: ['message'] });
      const owner = fake.user();
      expect(owner.sendText('menu').delivered).toBe(true);
      const menu = await bot.telegram.sendMessage(owner.chatId, 'x', {
        reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] },
      });
      const press = owner.pressButton({ messageId: menu.message_id, data: 'a' });
      expect(press.delivered).toBe(false);
      expect(fake.droppedUpdates.at(-1)).toBe(press.update);
      await rawCall(fake, 'getUpdates', { allowed_updates: [] });
    });
  });

  describe('polling with telegraf', () => {
    it('receives a simulated message, replies, and confirms the offset on stop', async () => {
      const polling = new Telegraf(TOKEN, { telegram: { apiRoot: fake.apiRoot } });
      const seen: string[] = [];
      polling.command('start', (ctx) => ctx.reply(`Hello ${ctx.from.first_name}`));
      polling.on('text', (ctx) => {
        seen.push(ctx.message.text);
      });
      const launched = new Promise<void>((resolve) => {
        polling.launch(() => resolve()).catch(() => undefined);
      });
      await launched;
      const owner = fake.user({ first_name: 'Ana' });
      owner.sendCommand('/start');
      owner.sendText('my sink leaks');
      await owner.waitForMessage('Hello Ana');
      await eventually(() => seen.includes('my sink leaks'));
      const stoppedAt = Date.now();
      polling.stop('test');
      await fake.waitForRequest('getUpdates', (r) => r.params.limit === 1 && r.at >= stoppedAt);
      expect(fake.pending).toEqual([]);
    });
  });

  describe('faults', () => {
    it('surfaces an injected 429 as TelegramError with parameters.retry_after', async () => {
      fake.failNext('getMe', { status: 429, retryAfter: 2 });
      const error = await rejection(bot.telegram.getMe());
      expect(error.response).toEqual({
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 2',
        parameters: { retry_after: 2 },
      });
      await expect(bot.telegram.getMe()).resolves.toMatchObject({ id: 123456 });
    });

    it('fails N times with Telegram-like 5xx bodies', async () => {
      fake.failNext('getMe', { status: 502 }, 2);
      const raw = await rawCall(fake, 'getMe');
      expect(raw).toEqual({ status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } });
      const error = await rejection(bot.telegram.getMe());
      expect(error.code).toBe(502);
      await expect(bot.telegram.getMe()).resolves.toBeDefined();
    });

    it('fails for a time window', async () => {
      fake.failFor('*', 100, { status: 500 });
      expect((await rawCall(fake, 'getMe')).status).toBe(500);
      await new Promise((r) => setTimeout(r, 120));
      expect((await rawCall(fake, 'getMe')).status).toBe(200);
    });

    it('goes down with reset sockets, refused connections or 502s and comes back', async () => {
      await fake.goDown('reset');
      await expect(bot.telegram.getMe()).rejects.toThrow(/socket hang up|ECONNRESET/);
      await fake.goUp();
      await fake.goDown('refuse');
      await expect(bot.telegram.getMe()).rejects.toThrow(/ECONNREFUSED/);
      await fake.goUp();
      await fake.goDown();
      expect((await rawCall(fake, 'getMe')).status).toBe(502);
      await fake.goUp();
      await expect(bot.telegram.getMe()).resolves.toBeDefined();
    });

    it('explains what was received when waitFor times out', async () => {
      await bot.telegram.getMe();
      await expect(fake.waitForRequest('sendSticker', undefined, { timeoutMs: 50 })).rejects.toThrow(
        /Timed out after 50ms waiting for a sendSticker request\.\nReceived \d+ Telegram requests[\s\S]*getMe 200/,
      );
    });

    it('enforces per-chat rate limits when asked and records violations', async () => {
      const limited = await FakeTelegram.start({ token: TOKEN, enforceRateLimits: true });
      try {
        const client = new Telegraf(TOKEN, { telegram: { apiRoot: limited.apiRoot } });
        const owner = limited.user();
        owner.sendText('hi');
        const results = await Promise.allSettled(
          [1, 2, 3, 4].map((n) => client.telegram.sendMessage(owner.chatId, `msg ${n}`)),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
        const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect((rejected.reason as TelegramError).parameters?.retry_after).toBe(1);
        expect(limited.rateLimitViolations).toEqual([
          expect.objectContaining({ scope: 'chat', chatId: owner.chatId }),
        ]);
      } finally {
        await limited.close();
      }
    });
  });

  describe('webhooks', () => {
    let app: Server;
    let hookUrl: string;
    let failuresLeft = 0;
    const received: string[] = [];

    beforeAll(async () => {
      const hookBot = new Telegraf(TOKEN, { telegram: { apiRoot: fake.apiRoot } });
      hookBot.on('text', (ctx) => {
        received.push(ctx.message.text);
      });
      hookBot.on('callback_query', (ctx) => ctx.answerCbQuery('via webhook reply'));
      const callback = hookBot.webhookCallback('/tg', { secretToken: 'hook_secret' });
      app = createServer((req, res) => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          res.writeHead(500).end();
          return;
        }
        void callback(req, res);
      });
      await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
      hookUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/tg`;
      hookBot.botInfo = await bot.telegram.getMe();
    });

    afterAll(async () => {
      await bot.telegram.deleteWebhook();
      await new Promise((resolve) => app.close(resolve));
    });

    it('refuses getUpdates while a webhook is set', async () => {
      await bot.telegram.setWebhook(hookUrl, { secret_token: 'hook_secret' });
      const { status, body } = await rawCall(fake, 'getUpdates');
      expect(status).toBe(409);
      expect(body.description).toBe(
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    });

    it('posts updates with the secret header and retries failed deliveries until a 2xx', async () => {
      failuresLeft = 2;
      const owner = fake.user();
      const { update } = owner.sendText('via hook');
      await eventually(() => fake.webhookDeliveries.some((d) => d.updateId === update.update_id && d.ok));
      expect(received).toContain('via hook');
      const attempts = fake.webhookDeliveries.filter((d) => d.updateId === update.update_id);
      expect(attempts.map((a) => a.ok)).toEqual([false, false, true]);
      const info = await bot.telegram.getWebhookInfo();
      expect(info).toMatchObject({ url: hookUrl, pending_update_count: 0 });
      expect(info.last_error_message).toBe('Wrong response from the webhook: 500 Internal Server Error');
    });

    it('executes a method returned in the webhook response', async () => {
      const owner = fake.user();
      owner.sendText('hi');
      const menu = await bot.telegram.sendMessage(owner.chatId, 'Choose', {
        reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }]] },
      });
      owner.pressButton({ messageId: menu.message_id, data: 'yes' });
      const reply = await fake.waitForRequest('answerCallbackQuery', (r) => r.viaWebhookReply === true);
      expect(reply.params.text).toBe('via webhook reply');
      expect(reply.status).toBe(200);
    });
  });
});
