import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ErrorCode, WebClient } from '@slack/web-api';
import { FakeSlack } from '../fakes/fake-slack.js';
import { quietSlackLogger } from '../quiet-slack-logger.js';

const TOKEN = 'xoxb-fake-bot-token';

const webClient = (apiUrl: string, options: { token?: string; rejectRateLimitedCalls?: boolean } = {}) =>
  new WebClient(options.token ?? TOKEN, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    logger: quietSlackLogger,
    rejectRateLimitedCalls: options.rejectRateLimitedCalls ?? false,
  });

async function failure(promise: Promise<unknown>): Promise<Record<string, any>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, any>;
  }
  throw new Error('expected the call to fail');
}

describe('FakeSlack', () => {
  let slack: FakeSlack;
  let client: WebClient;

  beforeAll(async () => {
    slack = await FakeSlack.start({ botToken: TOKEN, triggerTtlMs: 300 });
    slack.addChannel('C0TICKETS', 'tickets');
    slack.addChannel('C0OUTSIDE', 'outside', { isMember: false });
    slack.addUser({ id: 'U0STAFF01', name: 'sam', real_name: 'Sam Staff', tz: 'Asia/Singapore' });
    client = webClient(slack.apiUrl);
  });

  afterAll(async () => {
    await slack.close();
  });

  afterEach(() => {
    slack.clearFaults();
  });

  describe('authentication', () => {
    it('answers auth.test with the bot identity', async () => {
      const result = await client.auth.test();
      expect(result).toMatchObject({
        ok: true,
        user_id: 'U0FAKEBOT',
        bot_id: 'B0FAKEBOT',
        team_id: 'T0FAKETEAM',
      });
    });

    it('answers HTTP 200 invalid_auth for a wrong token and not_authed for none', async () => {
      const wrong = webClient(slack.apiUrl, { token: 'xoxb-wrong' });
      const error = await failure(wrong.auth.test());
      expect(error.code).toBe(ErrorCode.PlatformError);
      expect(error.data.error).toBe('invalid_auth');
      const res = await fetch(`${slack.apiUrl}auth.test`, { method: 'POST' });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: false, error: 'not_authed' });
    });

    it('accepts the token as a form param too', async () => {
      const res = await fetch(`${slack.apiUrl}auth.test`, {
        method: 'POST',
        body: new URLSearchParams({ token: TOKEN }),
      });
      expect(await res.json()).toMatchObject({ ok: true });
    });

    it('answers unknown_method for methods it does not know', async () => {
      const error = await failure(client.apiCall('tickets.teleport'));
      expect(error.data).toMatchObject({ ok: false, error: 'unknown_method' });
    });
  });

  describe('chat', () => {
    it('posts to a known channel with unique, increasing ts and decoded blocks', async () => {
      const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Leak* in 12B' } }];
      const first = await client.chat.postMessage({ channel: 'C0TICKETS', text: 'Leak in 12B', blocks });
      const second = await client.chat.postMessage({ channel: 'C0TICKETS', text: 'Another' });
      expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
      expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
      expect(first.message).toMatchObject({
        type: 'message',
        bot_id: 'B0FAKEBOT',
        text: 'Leak in 12B',
        blocks,
      });
      expect(slack.callsTo('chat.postMessage').at(-2)?.params.blocks).toEqual(blocks);
      expect(slack.posts('C0TICKETS').map((m) => m.text)).toEqual(
        expect.arrayContaining(['Leak in 12B', 'Another']),
      );
      await expect(slack.waitForPost('#tickets', /Leak/)).resolves.toMatchObject({ ts: first.ts });
    });

    it('rejects unknown channels, missing text, non-member channels and bad blocks like Slack', async () => {
      const post = (args: Record<string, unknown>) =>
        failure(client.chat.postMessage(args as never)).then((e) => e.data as Record<string, unknown>);
      expect((await post({ channel: 'C0NOPE', text: 'x' })).error).toBe('channel_not_found');
      expect((await post({ channel: 'C0TICKETS' })).error).toBe('no_text');
      expect((await post({ channel: 'C0OUTSIDE', text: 'x' })).error).toBe('not_in_channel');
      expect((await post({ channel: 'C0TICKETS', text: 'x', thread_ts: '1.000001' })).error).toBe(
        'thread_not_found',
      );
      const long = await post({
        channel: 'C0TICKETS',
        text: 'x',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }],
      });
      expect(long).toMatchObject({
        error: 'invalid_blocks',
        response_metadata: {
          messages: ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
        },
      });
    });

    it('threads replies under their parent', async () => {
      const parent = await client.chat.postMessage({ channel: 'C0TICKETS', text: 'Ticket #7' });
      await client.chat.postMessage({ channel: 'C0TICKETS', text: 'update 1', thread_ts: parent.ts! });
      const human = slack.simulateUserMessage({
        channel: 'C0TICKETS',
        user: 'U0STAFF01',
        text: 'on it',
        thread_ts: parent.ts!,
      });
      expect(slack.threadOf('C0TICKETS', parent.ts!).map((m) => m.text)).toEqual(['update 1', 'on it']);
      expect(slack.message('C0TICKETS', parent.ts!)).toMatchObject({
        reply_count: 2,
        latest_reply: human.ts,
      });
      const replies = await client.conversations.replies({ channel: 'C0TICKETS', ts: parent.ts! });
      expect(replies.messages).toHaveLength(3);
    });

    it('updates messages in the store and refuses unknown or foreign ones', async () => {
      const posted = await client.chat.postMessage({ channel: 'C0TICKETS', text: 'Status: open' });
      const updated = await client.chat.update({
        channel: 'C0TICKETS',
        ts: posted.ts!,
        text: 'Status: closed',
      });
      expect(updated).toMatchObject({ ok: true, ts: posted.ts, text: 'Status: closed' });
      expect(slack.message('C0TICKETS', posted.ts!)).toMatchObject({
        text: 'Status: closed',
        edited: expect.any(Object),
      });
      const missing = await failure(client.chat.update({ channel: 'C0TICKETS', ts: '1.000001', text: 'x' }));
      expect(missing.data.error).toBe('message_not_found');
      const human = slack.simulateUserMessage({ channel: 'C0TICKETS', user: 'U0STAFF01', text: 'mine' });
      const foreign = await failure(client.chat.update({ channel: 'C0TICKETS', ts: human.ts, text: 'x' }));
      expect(foreign.data.error).toBe('cant_update_message');
    });

    it('posts ephemerals, permalinks and reactions', async () => {
      const posted = await client.chat.postMessage({ channel: 'C0TICKETS', text: 'Ticket #8' });
      const ephemeral = await client.chat.postEphemeral({
        channel: 'C0TICKETS',
        user: 'U0STAFF01',
        text: 'only you',
      });
      expect(ephemeral.message_ts).toMatch(/^\d+\.\d+$/);
      expect(slack.ephemerals.at(-1)).toMatchObject({ user: 'U0STAFF01', text: 'only you' });
      const link = await client.chat.getPermalink({ channel: 'C0TICKETS', message_ts: posted.ts! });
      expect(link.permalink).toBe(
        `https://fake.slack.com/archives/C0TICKETS/p${posted.ts!.replace('.', '')}`,
      );
      await client.reactions.add({ channel: 'C0TICKETS', timestamp: posted.ts!, name: 'eyes' });
      const again = await failure(
        client.reactions.add({ channel: 'C0TICKETS', timestamp: posted.ts!, name: 'eyes' }),
      );
      expect(again.data.error).toBe('already_reacted');
    });
  });

  describe('users and conversations', () => {
    it('opens DMs and lets the bot post to a user id', async () => {
      const opened = await client.conversations.open({ users: 'U0STAFF01' });
      expect(opened.channel?.id).toMatch(/^D/);
      const posted = await client.chat.postMessage({ channel: 'U0STAFF01', text: 'psst' });
      expect(posted.channel).toBe(opened.channel?.id);
      const info = await client.conversations.info({ channel: opened.channel!.id! });
      expect(info.channel).toMatchObject({ is_im: true, user: 'U0STAFF01' });
    });

    it('answers users.info for registered users and user_not_found otherwise', async () => {
      const info = await client.users.info({ user: 'U0STAFF01' });
      expect(info.user).toMatchObject({
        id: 'U0STAFF01',
        real_name: 'Sam Staff',
        tz: 'Asia/Singapore',
        tz_offset: 28800,
      });
      const missing = await failure(client.users.info({ user: 'U0GHOST' }));
      expect(missing.data.error).toBe('user_not_found');
    });
  });

  describe('views', () => {
    const modal = {
      type: 'modal' as const,
      callback_id: 'close_ticket',
      title: { type: 'plain_text' as const, text: 'Close ticket' },
      submit: { type: 'plain_text' as const, text: 'Close' },
      blocks: [
        {
          type: 'input' as const,
          block_id: 'note',
          label: { type: 'plain_text' as const, text: 'Note' },
          element: { type: 'plain_text_input' as const, action_id: 'value' },
        },
      ],
    };

    it('opens a modal once per minted trigger_id', async () => {
      const trigger = slack.mintTriggerId();
      const opened = await client.views.open({ trigger_id: trigger, view: modal });
      expect(opened.view).toMatchObject({
        id: expect.stringMatching(/^V/),
        callback_id: 'close_ticket',
        state: { values: {} },
      });
      const reused = await failure(client.views.open({ trigger_id: trigger, view: modal }));
      expect(reused.data.error).toBe('exchanged_trigger_id');
      const unknown = await failure(client.views.open({ trigger_id: '123.456.abc', view: modal }));
      expect(unknown.data.error).toBe('invalid_trigger_id');
      const updated = await client.views.update({
        view_id: opened.view!.id!,
        view: { ...modal, private_metadata: 't-1' },
      });
      expect(updated.view?.private_metadata).toBe('t-1');
      const pushed = await client.views.push({
        trigger_id: slack.mintTriggerId({ viewId: opened.view!.id! }),
        view: modal,
      });
      expect(pushed.view?.root_view_id).toBe(opened.view!.id);
    });

    it('expires trigger ids and validates views', async () => {
      const stale = slack.mintTriggerId();
      await new Promise((r) => setTimeout(r, 350));
      const expired = await failure(client.views.open({ trigger_id: stale, view: modal }));
      expect(expired.data.error).toBe('expired_trigger_id');
      const longTitle = {
        ...modal,
        title: { type: 'plain_text' as const, text: 'A title that is far too long for Slack' },
      };
      const invalid = await failure(
        client.views.open({ trigger_id: slack.mintTriggerId(), view: longTitle }),
      );
      expect(invalid.data).toMatchObject({
        error: 'invalid_arguments',
        response_metadata: {
          messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'],
        },
      });
    });
  });

  describe('response urls and uploads', () => {
    it('records response_url posts and applies replace_original to the message', async () => {
      const posted = await client.chat.postMessage({ channel: 'C0TICKETS', text: 'Claim me' });
      const url = slack.mintResponseUrl({ channel: 'C0TICKETS', messageTs: posted.ts!, user: 'U0STAFF01' });
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ replace_original: true, text: 'Claimed by Sam' }),
      });
      expect(res.status).toBe(200);
      expect(slack.message('C0TICKETS', posted.ts!)?.text).toBe('Claimed by Sam');
      await fetch(url, {
        method: 'POST',
        body: JSON.stringify({ response_type: 'ephemeral', text: 'Done' }),
      });
      expect(slack.responses.map((r) => r.body.text)).toEqual(['Claimed by Sam', 'Done']);
      expect(slack.ephemerals.at(-1)).toMatchObject({ via: 'response_url', user: 'U0STAFF01', text: 'Done' });
      const unknown = await fetch(`${slack.baseUrl}/response/nope`, { method: 'POST', body: '{"text":"x"}' });
      expect(unknown.status).toBe(404);
    });

    it('supports filesUploadV2 through the external upload flow', async () => {
      const result = await client.filesUploadV2({
        channel_id: 'C0TICKETS',
        file: Buffer.from('photo bytes'),
        filename: 'leak.jpg',
        initial_comment: 'Photo from owner',
      });
      expect(result.ok).toBe(true);
      const shared = slack.messages.find((m) => m.via === 'files.completeUploadExternal');
      expect(shared).toMatchObject({ channel: 'C0TICKETS', text: 'Photo from owner', subtype: 'file_share' });
      expect([...slack.uploads.values()].at(-1)?.bytes?.toString()).toBe('photo bytes');
    });
  });

  describe('faults', () => {
    it('answers an injected 429 with Retry-After and ratelimited', async () => {
      slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
      const raw = await fetch(`${slack.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
        body: new URLSearchParams({ channel: 'C0TICKETS', text: 'x' }),
      });
      expect(raw.status).toBe(429);
      expect(raw.headers.get('retry-after')).toBe('1');
      expect(await raw.json()).toEqual({ ok: false, error: 'ratelimited' });

      slack.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
      const rejecting = webClient(slack.apiUrl, { rejectRateLimitedCalls: true });
      const error = await failure(rejecting.chat.postMessage({ channel: 'C0TICKETS', text: 'x' }));
      expect(error.code).toBe(ErrorCode.RateLimitedError);
      expect(error.retryAfter).toBe(7);
    });

    it('surfaces injected 500 and 503 as HTTP errors', async () => {
      slack.failNext('chat.postMessage', { status: 500 });
      slack.failNext('chat.postMessage', { status: 503 });
      const first = await failure(client.chat.postMessage({ channel: 'C0TICKETS', text: 'x' }));
      expect(first).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
      const second = await failure(client.chat.postMessage({ channel: 'C0TICKETS', text: 'x' }));
      expect(second.statusCode).toBe(503);
      expect(second.body).toMatch(/Service Unavailable/);
      await expect(client.chat.postMessage({ channel: 'C0TICKETS', text: 'x' })).resolves.toMatchObject({
        ok: true,
      });
    });

    it('injects logical errors, time windows and outages', async () => {
      slack.failNext('views.open', { okFalse: 'channel_not_found' });
      const logical = await failure(
        client.views.open({
          trigger_id: 'x',
          view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] },
        }),
      );
      expect(logical.data.error).toBe('channel_not_found');
      slack.failFor('*', 100, { status: 502 });
      expect((await failure(client.auth.test())).statusCode).toBe(502);
      await new Promise((r) => setTimeout(r, 120));
      await slack.goDown('reset');
      expect((await failure(client.auth.test())).code).toBe(ErrorCode.RequestError);
      await slack.goUp();
      await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
    });

    it('enforces chat.postMessage rate limits per channel when asked', async () => {
      const limited = await FakeSlack.start({ botToken: TOKEN, enforceRateLimits: true });
      try {
        limited.addChannel('C0BUSY', 'busy');
        const fast = webClient(limited.apiUrl, { rejectRateLimitedCalls: true });
        const results = await Promise.allSettled(
          [1, 2, 3, 4].map((n) => fast.chat.postMessage({ channel: 'C0BUSY', text: `${n}` })),
        );
        expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
        expect(limited.rateLimitViolations).toEqual([
          expect.objectContaining({ channel: 'C0BUSY', retryAfter: 1 }),
        ]);
      } finally {
        await limited.close();
      }
    });

    it('lists what it received when waitForCall times out', async () => {
      await client.auth.test();
      await expect(slack.waitForCall('views.publish', undefined, { timeoutMs: 30 })).rejects.toThrow(
        /waiting for a views\.publish call\.\nReceived \d+ Slack calls[\s\S]*auth\.test 200 ok/,
      );
    });
  });
});
