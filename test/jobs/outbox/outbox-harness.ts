import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WebClient } from '@slack/web-api';
import { Telegram } from 'telegraf';
import { SlackTransport } from '../../../src/bots/slack/slack-transport.js';
import { TelegramTransport } from '../../../src/bots/telegram/telegram-transport.js';
import type { OutboxMessage } from '../../../src/core/outbox/outbox-message.js';
import type { DeliveryError, DeliveryResult } from '../../../src/core/outbox/outbox-transport.js';
import type { CardLocation } from '../../../src/core/ports.js';
import type { Specialty } from '../../../src/core/taxonomy.js';
import {
  OutboxDispatcher,
  type OutboxDispatcherOptions,
} from '../../../src/jobs/outbox/outbox-dispatcher.js';
import { MongoCardStore } from '../../../src/models/mongo-card-store.js';
import { MongoOutbox } from '../../../src/models/mongo-outbox.js';
import { type OutboxDocument, outboxModel } from '../../../src/models/outbox-model.js';
import { captureLogs } from '../../support/capture-logs.js';
import { FakeSlack } from '../../support/fakes/fake-slack.js';
import { FakeTelegram } from '../../support/fakes/fake-telegram.js';
import { quietSlackLogger } from '../../support/quiet-slack-logger.js';
import { openTestDatabase } from '../../support/test-database.js';

export const SLACK_TOKEN = 'xoxb-outbox-test';
export const TELEGRAM_TOKEN = '123456:OUTBOX-test';

export const CHANNELS: Record<Specialty, string> = {
  maintenance: 'C0MAINT',
  security: 'C0SECUR',
  cleaning: 'C0CLEAN',
  greening: 'C0GREEN',
  general: 'C0GENRL',
};

/** A web-api client for the fake, configured as production configures it (the outbox owns retries). */
export const slackClient = (apiUrl: string, timeout = 10_000): WebClient =>
  new WebClient(SLACK_TOKEN, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout,
    logger: quietSlackLogger,
  });

/** What a test can look at and change about the card renderer. */
export interface CardRenderer {
  /** The revision shown on cards rendered now. */
  revision: number;
  render(
    ticketId: string,
    card: 'new' | CardLocation,
  ): Promise<{ text: string; blocks: object[] } | undefined>;
}

export function cardRenderer(): CardRenderer {
  const renderer: CardRenderer = {
    revision: 1,
    async render(ticketId, card) {
      const where = card === 'new' ? 'new' : card.current ? 'current' : 'earlier';
      const text = `card ${ticketId} r${renderer.revision} ${where}`;
      return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
    },
  };
  return renderer;
}

/** The real database, both fakes, the transports and a recorder of the hooks, for dispatcher tests. */
export async function openOutboxWorld(options: { enforceRateLimits?: boolean } = {}) {
  const enforceRateLimits = options.enforceRateLimits ?? false;
  const db = await openTestDatabase();
  const slack = await FakeSlack.start({ botToken: SLACK_TOKEN, enforceRateLimits });
  for (const [name, id] of Object.entries(CHANNELS)) slack.addChannel(id, name);
  const telegram = await FakeTelegram.start({ token: TELEGRAM_TOKEN, enforceRateLimits });
  const outbox = new MongoOutbox(db.connection);
  await outbox.init();
  const cards = new MongoCardStore(db.connection);
  await cards.init();
  const renderer = cardRenderer();
  const client = slackClient(slack.apiUrl);
  const telegramClient = new Telegram(TELEGRAM_TOKEN, { apiRoot: telegram.apiRoot });
  // The first calls load HTTP code lazily and open connections; made here, they do not skew timings in tests.
  await client.auth.test();
  await telegramClient.getMe();
  const slackTransport = new SlackTransport({
    client,
    cards,
    renderCard: (ticketId, card) => renderer.render(ticketId, card),
    channelFor: (department) => CHANNELS[department],
  });
  const telegramTransport = new TelegramTransport({ telegram: telegramClient });
  const logs = captureLogs();
  const delivered: { message: OutboxMessage; result: DeliveryResult }[] = [];
  const failed: { message: OutboxMessage; error: DeliveryError }[] = [];
  const dispatchers: OutboxDispatcher[] = [];
  // The fakes record arrivals on the test's event loop, so a stalled loop records an arrival late.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();

  const world = {
    db,
    slack,
    telegram,
    outbox,
    cards,
    renderer,
    slackTransport,
    telegramTransport,
    logs,
    delivered,
    failed,
    /** A started dispatcher with fast test settings; stopped by `close()`. */
    dispatcher(overrides: Partial<OutboxDispatcherOptions> = {}): OutboxDispatcher {
      loopDelay.reset();
      const dispatcher = new OutboxDispatcher({
        connection: db.connection,
        transports: { slack: slackTransport, telegram: telegramTransport },
        hooks: {
          delivered: (message, result) => {
            delivered.push({ message, result });
          },
          failed: (message, error) => {
            failed.push({ message, error });
          },
        },
        logger: logs.logger,
        outbox,
        pollIntervalMs: 50,
        leaseMs: 3000,
        backoff: { initialMs: 20, maxMs: 200, jitter: 0 },
        rateLimits: {
          slackChannel: { perSecond: 1000, burst: 10 },
          telegramChat: { perSecond: 1000, burst: 10 },
          telegramGlobal: { perSecond: 1000, burst: 10 },
        },
        ...overrides,
      });
      dispatchers.push(dispatcher);
      dispatcher.start();
      return dispatcher;
    },
    /**
     * Checks that arrivals keep `intervalMs` apart over every window of calls (see {@link expectSpaced}), give or
     * take 50 ms and the longest stall of the event loop since the last dispatcher started.
     */
    expectSpaced(times: number[], intervalMs: number): void {
      expectSpaced(times, intervalMs, 50 + loopDelay.max / 1e6);
    },
    /** The message's row, waiting or finished. */
    row(key: string): Promise<OutboxDocument | undefined> {
      return outbox.find(key);
    },
    /** Resolves with the rows of the given keys once every one is sent or failed. */
    async settled(keys: string[], timeoutMs = 10_000): Promise<OutboxDocument[]> {
      const deadline = Date.now() + timeoutMs;
      const done = new Map<string, OutboxDocument>();
      for (;;) {
        const open = keys.filter((key) => !done.has(key));
        const active = await outboxModel(db.connection)
          .find({ key: { $in: open } }, { key: 1, status: 1 })
          .lean<Pick<OutboxDocument, 'key' | 'status'>[]>();
        const waiting = new Map(active.map((r) => [r.key, r.status]));
        for (const key of open) {
          if (waiting.get(key) === 'pending' || waiting.get(key) === 'sending') continue;
          const row = await outbox.find(key);
          if (row && (row.status === 'sent' || row.status === 'failed')) done.set(key, row);
        }
        if (done.size === keys.length) return keys.map((key) => done.get(key)!);
        if (Date.now() > deadline) {
          const states = keys
            .filter((key) => !done.has(key))
            .map((key) => `${key}:${waiting.get(key) ?? '?'}`);
          throw new Error(`outbox not settled after ${timeoutMs} ms: ${states.join(', ')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close(): Promise<void> {
      loopDelay.disable();
      await Promise.all(dispatchers.map((d) => d.stop()));
      await slack.close();
      await telegram.close();
      await db.drop();
    },
  };
  return world;
}

/**
 * Checks that arrival times keep to `intervalMs` apart over every window of calls, give or take `jitterMs`: an
 * arrival can be recorded late, never early, so by at most the largest lateness.
 */
function expectSpaced(times: number[], intervalMs: number, jitterMs = 50): void {
  const sorted = [...times].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const span = sorted[j]! - sorted[i]!;
      if (span < (j - i) * intervalMs - jitterMs) {
        throw new Error(
          `calls ${i + 1}..${j + 1} came ${span} ms apart, under ${(j - i) * intervalMs} ms less ${Math.round(jitterMs)} ms: gaps ${sorted
            .slice(1)
            .map((t, k) => t - sorted[k]!)
            .join(', ')}`,
        );
      }
    }
  }
}

export type OutboxWorld = Awaited<ReturnType<typeof openOutboxWorld>>;

/** Key of the Slack `metadata` the outbox puts on a post. */
export const metadataKey = (message: { metadata?: Record<string, unknown> }): unknown =>
  (message.metadata?.event_payload as { key?: string } | undefined)?.key;
