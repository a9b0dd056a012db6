import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { App, isValidSlackRequest } from '@slack/bolt';
import { FakeSlack } from '../fakes/fake-slack.js';
import {
  buildBlockAction,
  buildEventCallback,
  buildMessageEvent,
  buildUrlVerification,
  buildViewSubmission,
  postToSlackApp,
  signSlackRequest,
  stateValue,
} from '../fakes/slack-requests.js';
import { quietSlackLogger } from '../quiet-slack-logger.js';

const TOKEN = 'xoxb-fake-bot-token';
const SIGNING_SECRET = 'fake-signing-secret';

describe('signSlackRequest', () => {
  it('produces headers that Bolt verifySlackRequest accepts, and only for that body and secret', () => {
    const body = 'token=x&team_id=T1&command=%2Fweather';
    const headers = signSlackRequest(body, 'secret-a');
    const verify = (rawBody: string, secret: string) =>
      isValidSlackRequest({
        signingSecret: secret,
        body: rawBody,
        headers: {
          'x-slack-signature': headers['x-slack-signature'],
          'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
        },
      });
    expect(headers['x-slack-signature']).toMatch(/^v0=[0-9a-f]{64}$/);
    expect(verify(body, 'secret-a')).toBe(true);
    expect(verify(`${body}&x=1`, 'secret-a')).toBe(false);
    expect(verify(body, 'secret-b')).toBe(false);
  });
});

describe('signed requests to a Bolt app', () => {
  let slack: FakeSlack;
  let app: App;
  let eventsUrl: string;
  const seen: {
    messages: string[];
    retryNums: (number | undefined)[];
    submissions: Record<string, unknown>[];
  } = {
    messages: [],
    retryNums: [],
    submissions: [],
  };

  beforeAll(async () => {
    slack = await FakeSlack.start({ botToken: TOKEN });
    slack.addChannel('C0TICKETS', 'tickets');
    app = new App({
      token: TOKEN,
      signingSecret: SIGNING_SECRET,
      logger: quietSlackLogger,
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
    });
    app.action('claim_ticket', async ({ ack, body, respond, client, action }) => {
      await ack();
      if (body.type !== 'block_actions' || action.type !== 'button') return;
      await respond({ replace_original: true, text: `Claimed ${action.value} by <@${body.user.id}>` });
      await client.views.open({
        trigger_id: body.trigger_id,
        view: {
          type: 'modal',
          callback_id: 'close_ticket',
          private_metadata: action.value ?? '',
          title: { type: 'plain_text', text: 'Close ticket' },
          submit: { type: 'plain_text', text: 'Close' },
          blocks: [
            {
              type: 'input',
              block_id: 'note',
              label: { type: 'plain_text', text: 'Note' },
              element: { type: 'plain_text_input', action_id: 'value' },
            },
          ],
        },
      });
    });
    app.view('close_ticket', async ({ ack, view }) => {
      seen.submissions.push({ metadata: view.private_metadata, note: view.state.values.note?.value?.value });
      await ack({ response_action: 'errors', errors: { note: 'Too short' } });
    });
    app.message(async ({ message, context }) => {
      if ('text' in message && message.text) seen.messages.push(message.text);
      seen.retryNums.push(context.retryNum);
    });
    const server = (await app.start(0)) as Server;
    eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });

  afterAll(async () => {
    await app.stop();
    await slack.close();
  });

  it('acks a signed block action, and respond() and views.open reach the fake', async () => {
    const posted = await app.client.chat.postMessage({
      channel: 'C0TICKETS',
      text: 'Ticket T-1',
      blocks: [
        {
          type: 'actions',
          block_id: 'ticket',
          elements: [
            {
              type: 'button',
              action_id: 'claim_ticket',
              value: 'T-1',
              text: { type: 'plain_text', text: 'Claim' },
            },
          ],
        },
      ],
    });
    const payload = buildBlockAction(
      {
        user: { id: 'U0STAFF01', username: 'sam' },
        channel: { id: 'C0TICKETS', name: 'tickets' },
        message: { ts: posted.ts! },
        actions: [{ action_id: 'claim_ticket', block_id: 'ticket', value: 'T-1' }],
      },
      { slack },
    );
    const res = await postToSlackApp(eventsUrl, payload, { signingSecret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    const response = await slack.waitForResponse();
    expect(response.body).toEqual({ replace_original: true, text: 'Claimed T-1 by <@U0STAFF01>' });
    expect(slack.message('C0TICKETS', posted.ts!)?.text).toBe('Claimed T-1 by <@U0STAFF01>');
    const opened = await slack.waitForCall('views.open');
    expect(opened.response).toMatchObject({
      ok: true,
      view: { callback_id: 'close_ticket', private_metadata: 'T-1' },
    });
  });

  it('routes a view submission by callback_id and returns the ack body', async () => {
    const opened = await slack.waitForCall('views.open', (c) => c.response.ok === true);
    const viewId = String((opened.response.view as { id: string }).id);
    const submission = buildViewSubmission(
      {
        user: { id: 'U0STAFF01', name: 'sam' },
        view: {
          id: viewId,
          callback_id: 'close_ticket',
          state: { values: { note: { value: stateValue.plainText('ok') } } },
        },
      },
      { slack },
    );
    const res = await postToSlackApp(eventsUrl, submission, { signingSecret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ response_action: 'errors', errors: { note: 'Too short' } });
    expect(seen.submissions).toEqual([{ metadata: 'T-1', note: 'ok' }]);
  });

  it('delivers message events with retry headers to the app', async () => {
    const human = slack.simulateUserMessage({ channel: 'C0TICKETS', user: 'U0STAFF01', text: 'on my way' });
    const body = buildEventCallback(
      buildMessageEvent({ channel: 'C0TICKETS', user: 'U0STAFF01', text: human.text, ts: human.ts }),
      {
        workspace: slack,
      },
    );
    const res = await postToSlackApp(eventsUrl, body, {
      signingSecret: SIGNING_SECRET,
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    expect(res.status).toBe(200);
    const deadline = Date.now() + 2000;
    while (!seen.messages.includes('on my way') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(seen.messages).toContain('on my way');
    expect(seen.retryNums.at(-1)).toBe(1);
  });

  it('answers the url_verification challenge', async () => {
    const res = await postToSlackApp(eventsUrl, buildUrlVerification('c-123'), {
      signingSecret: SIGNING_SECRET,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ challenge: 'c-123' });
  });

  it('rejects a bad signature and a stale timestamp with 401', async () => {
    const body = buildEventCallback(buildMessageEvent({ channel: 'C0TICKETS', text: 'forged' }));
    const forged = await postToSlackApp(eventsUrl, body, {
      signingSecret: SIGNING_SECRET,
      badSignature: true,
    });
    expect(forged.status).toBe(401);
    const stale = await postToSlackApp(eventsUrl, body, {
      signingSecret: SIGNING_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(stale.status).toBe(401);
    expect(seen.messages).not.toContain('forged');
  });
});
