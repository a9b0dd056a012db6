import { DateTime } from 'luxon';
import type { AppConfig } from '../../src/config/app-config.js';
import { type Settings, settingsSchema } from '../../src/config/settings-schema.js';
import { findFreePort } from '../../src/models/local-server/find-free-port.js';
import { type RunningService, type ServiceOverrides, startService } from '../../src/start-service.js';
import { captureLogs, type LogLine } from './capture-logs.js';
import { exampleSettings } from './config-files.js';
import { FakeSlack } from './fakes/fake-slack.js';
import { FakeTelegram } from './fakes/fake-telegram.js';
import { postToSlackApp, type SlackAppResponse } from './fakes/slack-requests.js';
import { testDatabaseUri, uniqueDatabaseName } from './test-database.js';

export const TELEGRAM_TOKEN = '777000111:AAFakeTokenForConciergeTests_abcdefg';
export const SLACK_TOKEN = 'xoxb-test-1111-2222-concierge';
export const SIGNING_SECRET = 'fakesigningsecret0123456789abcdef';

/** Channel IDs of config.example.yaml, with the names the fake shows. */
export const CHANNELS = {
  maintenance: 'C0MAINT001',
  security: 'C0SECUR001',
  cleaning: 'C0CLEAN001',
  greening: 'C0GREEN001',
  general: 'C0FRONT001',
  supervisors: 'C0SUPER001',
} as const;

/** People of config.example.yaml. */
export const PEOPLE = {
  plumber: 'U0TECH0001',
  electrician: 'U0TECH0002',
  guard: 'U0GUARD001',
  cleaner: 'U0CLEAN001',
  frontDesk: 'U0FRONT001',
  supervisor: 'U0SUPER001',
  manager: 'U0MANAG001',
} as const;

/**
 * A one-minute span of the day twelve hours from now in `timeZone` ("HH:MM" times): a window of hours that a
 * test on the real clock never falls into.
 */
export function spanAwayFromNow(timeZone: string): { start: string; end: string } {
  const later = DateTime.now().setZone(timeZone).plus({ hours: 12 });
  return { start: later.toFormat('HH:mm'), end: later.plus({ minutes: 1 }).toFormat('HH:mm') };
}

/** A running service wired to fresh fakes and its own database. */
export interface TestService {
  telegram: FakeTelegram;
  slack: FakeSlack;
  service: RunningService;
  config: AppConfig;
  logs: LogLine[];
  databaseUri: string;
  /** POSTs a signed request to the service's `/slack/events`. */
  postToSlack(
    body: Record<string, unknown>,
    options?: { badSignature?: boolean; retryNum?: number },
  ): Promise<SlackAppResponse>;
  stop(): Promise<void>;
}

/** Options for {@link startTestService}. */
export interface TestServiceOptions {
  settings?: (settings: Record<string, any>) => void;
  overrides?: ServiceOverrides;
  /** Telegram webhook mode: the fake posts updates to the service with this secret. */
  webhookSecret?: string;
  /** Reuse fakes and database (a restart). */
  reuse?: Pick<TestService, 'telegram' | 'slack' | 'databaseUri'>;
}

/**
 * Starts fakes of Telegram and Slack on 127.0.0.1, then the service against them and the test database.
 * With `DEBUG_LOGS=1`, `stop()` prints the service's warnings and what the fakes received.
 */
export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const telegram = options.reuse?.telegram ?? (await FakeTelegram.start({ token: TELEGRAM_TOKEN }));
  const slack =
    options.reuse?.slack ??
    (await FakeSlack.start({ botToken: SLACK_TOKEN, botUserId: 'U0CONCIERGE', botId: 'B0CONCIERGE' }));
  if (!options.reuse) {
    for (const [name, id] of Object.entries(CHANNELS)) slack.addChannel(id, name);
    for (const [name, id] of Object.entries(PEOPLE)) slack.addUser({ id, name, real_name: name });
  }
  const raw = exampleSettings() as Record<string, any>;
  // On the real clock, quiet hours would hold ordinary notices whenever the suite runs in the estate's night,
  // and the morning digest would post when it runs across 08:00 there.
  if (options.overrides?.clock === undefined) {
    const away = spanAwayFromNow(raw.timeZone);
    raw.quietHours = away;
    raw.digest = { ...raw.digest, time: away.start };
  }
  options.settings?.(raw);
  const settings: Settings = settingsSchema.parse(raw);
  const databaseUri = options.reuse?.databaseUri ?? testDatabaseUri(uniqueDatabaseName('e2e'));
  const port = options.webhookSecret ? await findFreePort() : 0;
  const webhook = options.webhookSecret
    ? { webhook: { url: `http://127.0.0.1:${port}/telegram/webhook`, secret: options.webhookSecret } }
    : {};
  const config: AppConfig = {
    mongodbUri: databaseUri,
    telegram: { token: TELEGRAM_TOKEN, apiRoot: telegram.apiRoot, ...webhook },
    slack: { botToken: SLACK_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: slack.apiUrl },
    missingCredentials: [],
    port,
    logLevel: 'debug',
    dataDir: '/nonexistent',
    configFile: 'test',
    settings,
  };
  const { logger, lines } = captureLogs();
  const service = await startService(config, logger, {
    telegramPollTimeoutSec: 1,
    ...options.overrides,
    dispatcher: { pollIntervalMs: 100, ...options.overrides?.dispatcher },
  });
  await service.platformsReady;
  const url = `http://127.0.0.1:${service.port}/slack/events`;
  return {
    telegram,
    slack,
    service,
    config,
    logs: lines,
    databaseUri,
    postToSlack: (body, postOptions = {}) =>
      postToSlackApp(url, body, {
        signingSecret: SIGNING_SECRET,
        ...(postOptions.badSignature ? { badSignature: true } : {}),
        ...(postOptions.retryNum ? { retryNum: postOptions.retryNum } : {}),
      }),
    async stop() {
      if (process.env.DEBUG_LOGS) {
        console.log(
          lines
            .filter((line) => line.level >= 40)
            .map((line) => JSON.stringify(line))
            .join('\n'),
        );
        console.log(
          JSON.stringify(
            telegram.requests.filter((r) => r.method !== 'getUpdates'),
            null,
            1,
          ),
        );
        console.log(JSON.stringify(slack.calls, null, 1));
      }
      await service.stop();
      if (!options.reuse) {
        await telegram.close();
        await slack.close();
      }
    },
  };
}
