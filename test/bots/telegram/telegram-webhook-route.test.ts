import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { startTelegramIntake, type TelegramIntake } from '../../../src/bots/telegram/telegram-intake.js';
import { registerWebhook, telegramWebhookRoute } from '../../../src/bots/telegram/telegram-webhook-route.js';
import { createHttpServer } from '../../../src/http/create-http-server.js';
import type { HttpRoute } from '../../../src/http/http-route.js';
import { LeaseStore } from '../../../src/models/lease-store.js';
import { TelegramInbox, type UpdateSource } from '../../../src/models/telegram-inbox.js';
import { captureLogs } from '../../support/capture-logs.js';
import { eventually } from '../../support/eventually.js';
import { FakeTelegram } from '../../support/fakes/fake-telegram.js';
import { openTestDatabase } from '../../support/test-database.js';

const TOKEN = '123456:TEST-webhook-token';
const SECRET = 'webhook_secret-0123456789';
const PATH = '/telegram/webhook';

/** The real inbox, whose writes can be held or made to fail. */
class ControlledInbox extends TelegramInbox {
  failures = 0;
  gate: Promise<void> | undefined;
  override async store(updates: readonly Update[], source: UpdateSource, now?: Date): Promise<number> {
    await this.gate;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('database unavailable');
    }
    return super.store(updates, source, now);
  }
}

async function serve(routes: HttpRoute[]): Promise<{ server: Server; url: string }> {
  const server = createHttpServer(routes, captureLogs().logger);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${PATH}` };
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

describe('telegramWebhookRoute', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let fake: FakeTelegram;
  let inbox: ControlledInbox;
  let server: Server;
  let url: string;
  let logs: ReturnType<typeof captureLogs>;
  let onStored: number[];

  const post = (
    body: string | Buffer,
    headers: Record<string, string> = { 'x-telegram-bot-api-secret-token': SECRET },
  ) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const storedIds = async () => (await inbox.list()).map((u) => u._id);

  beforeAll(async () => {
    db = await openTestDatabase();
    await new TelegramInbox(db.connection).ensureIndexes();
  });
  beforeEach(async () => {
    await db.connection.collection('telegram_updates').deleteMany({});
    fake = await FakeTelegram.start({ token: TOKEN, webhookRetryMinMs: 20, webhookRetryMaxMs: 100 });
    inbox = new ControlledInbox(db.connection);
    logs = captureLogs();
    onStored = [];
    ({ server, url } = await serve([
      telegramWebhookRoute({
        path: PATH,
        secret: SECRET,
        inbox,
        logger: logs.logger,
        onStored: (n) => onStored.push(n),
      }),
    ]));
  });
  afterEach(async () => {
    await fake.close();
    await closeServer(server);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('refuses a missing or wrong secret with a bare 401 and stores nothing', async () => {
    const update = JSON.stringify({
      update_id: 1,
      message: { message_id: 1, date: 1, chat: { id: 5, type: 'private' } },
    });
    const attempts: Record<string, string>[] = [
      {},
      { 'x-telegram-bot-api-secret-token': 'wrong' },
      { 'x-telegram-bot-api-secret-token': `${SECRET}x` },
    ];
    for (const headers of attempts) {
      const response = await post(update, headers);
      expect(response.status).toBe(401);
      expect(await response.text()).toBe('');
    }
    expect(await storedIds()).toEqual([]);
    expect(logs.lines.some((l) => JSON.stringify(l).includes(SECRET))).toBe(false);
  });

  it('takes Telegram’s deliveries: 200 once stored, each update once even when delivered twice', async () => {
    await registerWebhook(new Telegram(TOKEN, { apiRoot: fake.apiRoot }), {
      url,
      secret: SECRET,
      allowedUpdates: ['message', 'callback_query'],
    });
    expect(fake.requests.find((r) => r.method === 'setWebhook')?.params).toMatchObject({
      url,
      secret_token: SECRET,
      drop_pending_updates: false,
      allowed_updates: ['message', 'callback_query'],
    });
    const owner = fake.user();
    const ids = [
      owner.sendText('the lift is stuck').update.update_id,
      owner.sendPhoto({ caption: 'photo' }).update.update_id,
    ];
    await eventually(() => fake.pending.length === 0);
    expect(fake.webhookDeliveries.map((d) => [d.updateId, d.status])).toEqual(ids.map((id) => [id, 200]));
    expect(await storedIds()).toEqual(ids);
    expect((await inbox.get(ids[0]!))?.source).toBe('webhook');

    const again = await post(JSON.stringify((await inbox.get(ids[0]!))!.payload));
    expect(again.status).toBe(200);
    expect(await storedIds()).toEqual(ids);
    expect(onStored).toEqual([1, 1]);
  });

  it('answers only after the update is stored, and 500 while the database fails so Telegram retries', async () => {
    await registerWebhook(new Telegram(TOKEN, { apiRoot: fake.apiRoot }), { url, secret: SECRET });
    let open!: () => void;
    inbox.gate = new Promise<void>((resolve) => (open = resolve));
    const owner = fake.user();
    const id = owner.sendText('slow database').update.update_id;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(fake.webhookDeliveries).toEqual([]);
    expect(fake.pending.map((u) => u.update_id)).toEqual([id]);
    inbox.failures = 2;
    open();
    await eventually(() => fake.pending.length === 0);
    expect(fake.webhookDeliveries.map((d) => d.status)).toEqual([500, 500, 200]);
    expect(await storedIds()).toEqual([id]);
    expect(logs.lines.filter((l) => l.level === 50).map((l) => l.updateId)).toEqual([id, id]);
  });

  it('refuses a body that is not an update (400) or too large (413)', async () => {
    expect((await post('{not json')).status).toBe(400);
    expect((await post('[]')).status).toBe(400);
    expect((await post(JSON.stringify({ update_id: -1 }))).status).toBe(400);
    expect((await post(JSON.stringify({ update_id: '7' }))).status).toBe(400);
    expect((await post(JSON.stringify({ update_id: 1.5 }))).status).toBe(400);
    const huge = JSON.stringify({ update_id: 8, message: { text: 'x'.repeat(1024 * 1024) } });
    expect((await post(huge)).status).toBe(413);
    expect(await storedIds()).toEqual([]);
    expect(
      (
        await post(
          JSON.stringify({
            update_id: 9,
            message: { message_id: 1, date: 1, chat: { id: 3, type: 'private' } },
          }),
        )
      ).status,
    ).toBe(200);
    expect(await storedIds()).toEqual([9]);
  });

  it('refuses a secret Telegram would not accept', async () => {
    const telegram = new Telegram(TOKEN, { apiRoot: fake.apiRoot });
    await expect(registerWebhook(telegram, { url, secret: 'has spaces' })).rejects.toThrow(
      /1 to 256 characters/,
    );
    expect(fake.requests.filter((r) => r.method === 'setWebhook')).toEqual([]);
  });
});

describe('startTelegramIntake in webhook mode', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let fake: FakeTelegram;
  let intake: TelegramIntake | undefined;
  let server: Server | undefined;

  beforeAll(async () => {
    db = await openTestDatabase();
    fake = await FakeTelegram.start({ token: TOKEN, webhookRetryMinMs: 20, webhookRetryMaxMs: 100 });
  });
  afterAll(async () => {
    await intake?.stop();
    if (server) await closeServer(server);
    await fake.close();
    await db.drop();
  });

  it('registers the webhook, stores what Telegram posts and hands each update to the handler once, in order', async () => {
    const handled: number[] = [];
    const delegate: HttpRoute = {
      method: 'POST',
      path: PATH,
      handler: (req, res) => intake!.routes[0]!.handler(req, res),
    };
    let hookUrl: string;
    ({ server, url: hookUrl } = await serve([delegate]));
    intake = await startTelegramIntake({
      mode: { webhook: { url: hookUrl, secret: SECRET } },
      telegram: new Telegram(TOKEN, { apiRoot: fake.apiRoot }),
      connection: db.connection,
      handle: async (update) => {
        handled.push(update.update_id);
      },
      logger: captureLogs().logger,
      processor: { pollIntervalMs: 50 },
    });
    expect(intake.routes.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${PATH}`]);
    await fake.waitForRequest('setWebhook');
    const owner = fake.user();
    const ids = Array.from({ length: 10 }, (_, i) => owner.sendText(`message ${i}`).update.update_id);
    await eventually(() => handled.length === ids.length);
    expect(handled).toEqual(ids);
    const duplicate = await fetch(hookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify((await intake.inbox.get(ids[0]!))!.payload),
    });
    expect(duplicate.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(handled).toEqual(ids);
    expect(await new LeaseStore(db.connection).held()).toEqual([]);
  });
});
