import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import type { Connection } from 'mongoose';
import { Telegram } from 'telegraf';
import type { UserFromGetMe } from 'telegraf/types';
import { retryUntil } from './app/retry-until.js';
import { telegramRefusalHook } from './app/telegram-refusal-hook.js';
import { createSlackApp } from './bots/slack/create-slack-app.js';
import { cardRenderer } from './bots/slack/render-card.js';
import { SlackTransport } from './bots/slack/slack-transport.js';
import { createTelegramBot } from './bots/telegram/create-telegram-bot.js';
import { startTelegramIntake, type TelegramIntake } from './bots/telegram/telegram-intake.js';
import { TelegramTransport } from './bots/telegram/telegram-transport.js';
import type { AppConfig } from './config/app-config.js';
import { classifierFromSettings } from './config/classifier-from-settings.js';
import { EXAMPLE_CONFIG_FILE } from './config/load-config.js';
import { answerReturnVisit } from './core/follow-ups/answer-return-visit.js';
import { takeReturnVisitComment } from './core/follow-ups/return-visit-comment.js';
import type { IntakeDeps } from './core/intake/intake-deps.js';
import type { OutboxPlatform, OutboxTransport } from './core/outbox/outbox-transport.js';
import type { Clock } from './core/ports.js';
import type { StaffDeps } from './core/staff/staff-deps.js';
import { createHttpServer } from './http/create-http-server.js';
import { healthRoutes, type ReadinessCheck } from './http/health-routes.js';
import type { HttpRoute } from './http/http-route.js';
import { sendJson } from './http/send-json.js';
import {
  type FollowUpJobs,
  type FollowUpJobsOptions,
  returnVisitDeps,
  startFollowUpJobs,
} from './jobs/follow-ups/follow-up-jobs.js';
import { OutboxDispatcher, type OutboxDispatcherOptions } from './jobs/outbox/outbox-dispatcher.js';
import type { Logger } from './logger.js';
import { connectDatabase, pingDatabase } from './models/connect-database.js';
import { ensureIndexes } from './models/ensure-indexes.js';
import { type LocalMongo, startLocalMongo } from './models/local-server/start-local-mongo.js';
import { MongoCardStore } from './models/mongo-card-store.js';
import { MongoCorrectionLog } from './models/mongo-correction-log.js';
import { MongoFollowUpStore } from './models/mongo-follow-up-store.js';
import { MongoOutbox } from './models/mongo-outbox.js';
import { MongoOwnerStore } from './models/mongo-owner-store.js';
import { MongoTicketStore } from './models/mongo-ticket-store.js';

/** A started service; `stop()` drains it and closes the database. */
export interface RunningService {
  port: number;
  connection: Connection;
  /** Set when no MONGODB_URI was given and an embedded server was started. */
  localMongo?: LocalMongo;
  /** Resolves once Telegram and Slack answered their start-up checks (or right away without credentials). */
  platformsReady: Promise<void>;
  stop(): Promise<void>;
}

/** Replaceable parts, for tests: a fixed clock, faster polling. */
export interface ServiceOverrides {
  clock?: Clock;
  dispatcher?: Partial<
    Pick<OutboxDispatcherOptions, 'pollIntervalMs' | 'backoff' | 'rateLimits' | 'leaseMs'>
  >;
  telegramPollTimeoutSec?: number;
  /** Follow-up job tuning (defaults: see `create-agenda.ts`); `runJobs` overrides the config's. */
  jobs?: Partial<
    Pick<FollowUpJobsOptions, 'processEveryMs' | 'lockLifetimeMs' | 'retry' | 'reconcileEveryMs' | 'runJobs'>
  >;
  /** `worker`: run jobs and the outbox only, without the bots' intake (what `npm run worker` starts). */
  role?: 'all' | 'worker';
}

/** Database name used on the embedded local server. */
export const LOCAL_DATABASE = 'concierge';

const RECOVERY_INTERVAL_MS = 30_000;

/** The composition root: wires config, database, HTTP server, bots, outbox and jobs. */
export async function startService(
  config: AppConfig,
  logger: Logger,
  overrides: ServiceOverrides = {},
): Promise<RunningService> {
  const clock: Clock = overrides.clock ?? { now: () => new Date() };
  const settings = config.settings;
  let localMongo: LocalMongo | undefined;
  let uri = config.mongodbUri;
  if (!uri) {
    logger.info(
      { dataDir: config.dataDir },
      `no MONGODB_URI: starting an embedded local database with its data under ${config.dataDir}/ (kept between runs)`,
    );
    localMongo = await startLocalMongo({
      dataDir: config.dataDir,
      logger: logger.child({ component: 'local-db' }),
    });
    uri = `${localMongo.uri}/${LOCAL_DATABASE}`;
    logger.info({ kind: localMongo.kind, uri }, 'embedded database started');
  }
  if (config.configFile === EXAMPLE_CONFIG_FILE) {
    logger.warn(
      `using ${EXAMPLE_CONFIG_FILE} (no config.yaml and no CONFIG_FILE): its channel and user IDs are placeholders`,
    );
  }
  if (config.missingCredentials.length > 0) {
    logger.warn(
      { missing: config.missingCredentials },
      `Telegram and Slack are not connected: set ${config.missingCredentials.join(', ')} ` +
        '(see README, Configuration). The service runs, but takes no reports until they are set.',
    );
  }

  let connection: Connection;
  try {
    connection = await connectDatabase(uri, { logger: logger.child({ component: 'db' }) });
    await ensureIndexes(connection);
  } catch (error) {
    await localMongo?.stop();
    throw error;
  }

  const now = () => clock.now();
  const outbox = new MongoOutbox(connection, now);
  await outbox.init();
  const tickets = new MongoTicketStore(connection, outbox, logger.child({ component: 'tickets' }));
  const owners = new MongoOwnerStore(connection);
  const cards = new MongoCardStore(connection, now);
  const visits = returnVisitDeps({ tickets, cards, clock, settings });
  const classifier = config.classifier ?? classifierFromSettings(settings);
  const intake: IntakeDeps = {
    tickets,
    owners,
    followUps: new MongoFollowUpStore(connection),
    outbox,
    clock,
    classify: (text) => classifier.classify(text),
    returnVisitComment: (message) =>
      takeReturnVisitComment(visits, {
        chatId: message.chatId,
        messageId: message.messageId,
        text: message.text,
        hasAttachments: message.attachments.length > 0,
      }),
    settings: {
      timeZone: settings.timeZone,
      defaultLanguage: settings.defaultLanguage,
      emergencyPhone: settings.emergencyPhone,
      deadlines: settings.deadlines,
      lowConfidence: settings.classifier.lowConfidence,
      followUpWindowMs: settings.intake.followUpWindow,
    },
  };
  const staff: StaffDeps = {
    tickets,
    owners,
    cards,
    corrections: new MongoCorrectionLog(connection),
    clock,
    settings: {
      timeZone: settings.timeZone,
      emergencyPhone: settings.emergencyPhone,
      people: settings.people,
      deadlines: settings.deadlines,
      supervisorsChannel: settings.supervisorsChannel,
      quietHours: settings.quietHours,
    },
  };
  const intakeEnabled = overrides.role !== 'worker';

  const stopping = new AbortController();
  const transports: Partial<Record<OutboxPlatform, OutboxTransport>> = {};
  const routes: HttpRoute[] = [];
  const status = { telegram: 'not configured', slack: 'not configured' };
  const waits: Promise<unknown>[] = [];
  let telegramIntake: TelegramIntake | undefined;

  let dispatcher: OutboxDispatcher | undefined;
  const kick = () => dispatcher?.kick();

  if (config.telegram) {
    const telegramConfig = config.telegram;
    const telegram = new Telegram(telegramConfig.token, {
      apiRoot: telegramConfig.apiRoot,
      webhookReply: false,
    });
    transports.telegram = new TelegramTransport({ telegram });
    status.telegram = 'connecting';
    const tgLogger = logger.child({ component: 'telegram' });
    waits.push(
      retryUntil('Telegram getMe', () => telegram.getMe(), tgLogger, stopping.signal).then(
        async (botInfo?: UserFromGetMe) => {
          if (!botInfo) return;
          status.telegram = 'ok';
          tgLogger.info({ username: botInfo.username }, 'Telegram bot connected');
          if (!intakeEnabled) return;
          const { handle } = createTelegramBot({
            token: telegramConfig.token,
            apiRoot: telegramConfig.apiRoot,
            botInfo,
            intake,
            logger: tgLogger,
            returnVisit: async (answer) => {
              const reply = await answerReturnVisit(visits, answer);
              kick();
              return reply;
            },
          });
          telegramIntake = await startTelegramIntake({
            mode: telegramConfig.webhook ? { webhook: telegramConfig.webhook } : 'polling',
            telegram,
            connection,
            handle: async (update) => {
              await handle(update);
              kick();
            },
            logger: tgLogger,
            allowedUpdates: ['message', 'edited_message', 'callback_query'],
            ...(overrides.telegramPollTimeoutSec !== undefined
              ? { poller: { timeoutSec: overrides.telegramPollTimeoutSec } }
              : {}),
          });
        },
      ),
    );
    if (telegramConfig.webhook) {
      // The webhook path is served from the start; until the intake is up it answers 503 and Telegram retries.
      const path = new URL(telegramConfig.webhook.url).pathname;
      routes.push({
        method: 'POST',
        path,
        handler: async (req, res) => {
          const live = telegramIntake?.routes.find((route) => route.path === path);
          if (live) return live.handler(req, res);
          sendJson(res, 503, { error: 'starting' });
        },
      });
    }
  }

  if (config.slack) {
    const slackConfig = config.slack;
    const slackClient = new WebClient(slackConfig.botToken, {
      slackApiUrl: slackConfig.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 10_000,
    });
    const render = cardRenderer({
      tickets,
      owners,
      cards,
      people: settings.people,
      timeZone: settings.timeZone,
      clock: now,
      permalink: async (card) =>
        (
          await slackClient.chat
            .getPermalink({ channel: card.channel, message_ts: card.ts })
            .catch(() => undefined)
        )?.permalink,
    });
    transports.slack = new SlackTransport({
      client: slackClient,
      cards,
      renderCard: render,
      channelFor: (department) => settings.departments[department].channel,
      ...(config.telegram
        ? {
            downloadFile: downloadTelegramFile(
              new Telegram(config.telegram.token, { apiRoot: config.telegram.apiRoot }),
            ),
          }
        : {}),
    });
    status.slack = 'connecting';
    let slackRoute: HttpRoute | undefined;
    const slackLogger = logger.child({ component: 'slack' });
    waits.push(
      retryUntil('Slack auth.test', () => slackClient.auth.test(), slackLogger, stopping.signal).then(
        (auth) => {
          if (!auth?.user_id || !auth.bot_id) return;
          status.slack = 'ok';
          slackLogger.info({ team: auth.team, user: auth.user_id }, 'Slack app connected');
          if (!intakeEnabled) return;
          slackRoute = createSlackApp({
            botToken: slackConfig.botToken,
            signingSecret: slackConfig.signingSecret,
            apiUrl: slackConfig.apiUrl,
            botUserId: auth.user_id,
            botId: auth.bot_id,
            staff,
            cards,
            logger: slackLogger,
            departmentChannels: new Set(Object.values(settings.departments).map((d) => d.channel)),
            kick,
          }).route;
        },
      ),
    );
    routes.push({
      method: 'POST',
      path: '/slack/events',
      handler: async (req, res) => {
        if (slackRoute) return slackRoute.handler(req, res);
        sendJson(res, 503, { error: 'starting' });
      },
    });
  }

  const outboxDispatcher = new OutboxDispatcher({
    connection,
    transports,
    outbox,
    clock: now,
    logger: logger.child({ component: 'outbox' }),
    hooks: { failed: telegramRefusalHook({ outbox, tickets, owners, now }) },
    ...overrides.dispatcher,
  });

  outboxDispatcher.start();
  dispatcher = outboxDispatcher;
  let followUps: FollowUpJobs | undefined;
  try {
    followUps = await startFollowUpJobs({
      connection,
      tickets,
      owners,
      cards,
      outbox,
      clock,
      settings,
      logger,
      runJobs: config.runJobs ?? true,
      ...overrides.jobs,
    });
  } catch (error) {
    stopping.abort();
    await outboxDispatcher.stop();
    await connection.close();
    await localMongo?.stop();
    throw error;
  }
  await tickets.recover(0).catch((error: unknown) => logger.error({ err: error }, 'recovery failed'));
  const recovery = setInterval(() => {
    tickets.recover().catch((error: unknown) => logger.error({ err: error }, 'recovery failed'));
  }, RECOVERY_INTERVAL_MS);
  recovery.unref();

  let shuttingDown = false;
  const checks: ReadinessCheck[] = [
    { name: 'database', check: async () => ({ ok: await pingDatabase(connection) }) },
    { name: 'telegram', check: async () => ({ ok: status.telegram === 'ok', detail: status.telegram }) },
    { name: 'slack', check: async () => ({ ok: status.slack === 'ok', detail: status.slack }) },
  ];
  const server = createHttpServer(
    [...healthRoutes(checks, () => shuttingDown), ...routes],
    logger.child({ component: 'http' }),
  );
  await listen(server, config.port);
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'listening');

  return {
    port,
    connection,
    ...(localMongo ? { localMongo } : {}),
    platformsReady: Promise.all(waits).then(() => undefined),
    async stop() {
      if (shuttingDown) return;
      shuttingDown = true;
      stopping.abort();
      clearInterval(recovery);
      await closeServer(server);
      await Promise.allSettled(waits);
      await telegramIntake?.stop();
      await followUps?.stop();
      logger.info('follow-up jobs drained');
      await dispatcher?.stop();
      await connection.close();
      logger.info('database closed');
      await localMongo?.stop();
    },
  };
}

function downloadTelegramFile(telegram: Telegram) {
  return async (fileId: string): Promise<Buffer> => {
    const link = await telegram.getFileLink(fileId);
    const response = await fetch(link, { signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`Telegram file download failed: HTTP ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops accepting connections and waits for in-flight requests (at most 10 s). */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), 10_000);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
