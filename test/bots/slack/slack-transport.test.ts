import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { SlackTransport } from '../../../src/bots/slack/slack-transport.js';
import type { OutboxMessage } from '../../../src/core/outbox/outbox-message.js';
import { type DeliveryContext, DeliveryError } from '../../../src/core/outbox/outbox-transport.js';
import { MongoCardStore } from '../../../src/models/mongo-card-store.js';
import { cardRenderer, metadataKey, SLACK_TOKEN, slackClient } from '../../jobs/outbox/outbox-harness.js';
import { FakeSlack } from '../../support/fakes/fake-slack.js';
import { openTestDatabase } from '../../support/test-database.js';

const first: DeliveryContext = { attempt: 1, uncertain: false };

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DeliveryError) return error;
    throw error;
  }
  throw new Error('expected the delivery to fail');
}

describe('SlackTransport', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let slack: FakeSlack;
  let cards: MongoCardStore;
  let transport: SlackTransport;
  const downloads: string[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
    slack = await FakeSlack.start({ botToken: SLACK_TOKEN });
    slack.addChannel('C0MAINT', 'maintenance');
    slack.addChannel('C0GENRL', 'general');
    cards = new MongoCardStore(db.connection);
    const renderer = cardRenderer();
    transport = new SlackTransport({
      client: slackClient(slack.apiUrl, 2000),
      cards,
      renderCard: (ticketId, card) => renderer.render(ticketId, card),
      channelFor: () => 'C0MAINT',
      downloadFile: async (fileId) => {
        downloads.push(fileId);
        return Buffer.from(`bytes of ${fileId}`);
      },
    });
  });
  afterEach(() => {
    slack.clearFaults();
  });
  afterAll(async () => {
    await slack.close();
    await db.drop();
  });

  const card = (ticketId: string): OutboxMessage => ({
    key: `card:${ticketId}`,
    kind: 'slack.card',
    ticketId,
    department: 'maintenance',
  });

  it('posts a card with blocks and its key in metadata, and records it as current', async () => {
    const result = await transport.deliver(card('t1'), first);
    expect(result).toMatchObject({ platform: 'slack', channel: 'C0MAINT', ts: expect.any(String) });
    const posted = slack.posts('C0MAINT').at(-1)!;
    expect(posted.text).toBe('card t1 r1 new');
    expect(posted.blocks).toHaveLength(1);
    expect(posted.metadata).toEqual({ event_type: 'concierge_outbox', event_payload: { key: 'card:t1' } });
    expect(await cards.current('t1')).toMatchObject({
      channel: 'C0MAINT',
      ts: posted.ts,
      department: 'maintenance',
    });
  });

  it('maps a 429 to a retryable error carrying Retry-After', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 2 });
    const error = await failure(transport.deliver(card('t-429'), first));
    expect(error).toMatchObject({
      platform: 'slack',
      method: 'chat.postMessage',
      status: 429,
      code: 'ratelimited',
      retryable: true,
      retryAfterMs: 2000,
      ambiguous: false,
      rateLimited: { scope: 'slack-workspace' },
    });
  });

  it('maps HTTP 5xx and lost connections to retryable errors whose outcome is unknown', async () => {
    slack.failNext('chat.postMessage', { status: 503 });
    expect(await failure(transport.deliver(card('t-503'), first))).toMatchObject({
      status: 503,
      retryable: true,
      ambiguous: true,
    });
    slack.failNext('chat.postMessage', { network: 'reset' });
    expect(await failure(transport.deliver(card('t-reset'), first))).toMatchObject({
      retryable: true,
      ambiguous: true,
    });
  });

  it('maps platform errors: channel_not_found is permanent, internal_error is retried', async () => {
    const lost = await failure(
      transport.deliver({ key: 'nf', kind: 'slack.message', channel: 'C0MISSING', text: 'x' }, first),
    );
    expect(lost).toMatchObject({
      code: 'channel_not_found',
      retryable: false,
      description: 'channel_not_found',
    });
    slack.failNext('chat.postMessage', { okFalse: 'internal_error' });
    expect(
      await failure(
        transport.deliver({ key: 'ie', kind: 'slack.message', channel: 'C0GENRL', text: 'x' }, first),
      ),
    ).toMatchObject({ code: 'internal_error', retryable: true });
  });

  it('reports a thread post for a ticket without a card as not ready (retryable)', async () => {
    const error = await failure(
      transport.deliver({ key: 'th', kind: 'slack.thread', ticketId: 'no-card', text: 'x' }, first),
    );
    expect(error).toMatchObject({ code: 'card_not_ready', retryable: true, ambiguous: false });
  });

  it('when uncertain, looks back from the first attempt with metadata and reuses a post it finds', async () => {
    const firstAttemptAt = new Date();
    const message: OutboxMessage = { key: 'again', kind: 'slack.message', channel: 'C0GENRL', text: 'once' };
    const sent = await transport.deliver(message, first);
    const found = await transport.deliver(message, { attempt: 2, uncertain: true, firstAttemptAt });
    expect(found).toEqual({ ...sent, found: true });
    expect(slack.posts('C0GENRL').filter((m) => metadataKey(m) === 'again')).toHaveLength(1);
    const lookup = slack.callsTo('conversations.history').at(-1)!;
    expect(Number(lookup.params.oldest)).toBeCloseTo(firstAttemptAt.getTime() / 1000 - 60, 0);
    expect(String(lookup.params.include_all_metadata)).toBe('true');
  });

  it('copies an owner file into the thread once, even when the attempt is repeated uncertainly', async () => {
    await transport.deliver(card('t-file'), first);
    const current = (await cards.current('t-file'))!;
    const message: OutboxMessage = {
      key: 'photo',
      kind: 'slack.thread',
      ticketId: 't-file',
      text: 'Owner sent a photo',
      file: { fileId: 'tg-file-1', fileName: 'photo.jpg', title: 'Photo from the owner' },
    };
    let progress: unknown;
    const context: DeliveryContext = {
      attempt: 1,
      uncertain: false,
      saveProgress: async (p) => {
        progress = p;
      },
    };
    await transport.deliver(message, context);
    await transport.deliver(message, {
      ...context,
      attempt: 2,
      uncertain: true,
      progress,
      firstAttemptAt: new Date(),
    });
    const thread = slack.threadOf('C0MAINT', current.ts);
    expect(thread.map((m) => m.text)).toEqual(['Owner sent a photo', '']);
    expect(thread[1]!.files).toMatchObject([{ name: 'photo.jpg', title: 'Photo from the owner' }]);
    expect(downloads).toEqual(['tg-file-1']);
  });

  it('updates nothing for a ticket without cards', async () => {
    expect(await transport.deliver({ key: 'u', kind: 'slack.card-update', ticketId: 'none' }, first)).toEqual(
      {
        platform: 'slack',
        updated: [],
      },
    );
  });
});
