import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'mongoose';
import type { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { HttpRoute } from '../../http/http-route.js';
import type { Logger } from '../../logger.js';
import { LeaseStore } from '../../models/lease-store.js';
import { TelegramInbox } from '../../models/telegram-inbox.js';
import { InboxProcessor, type InboxProcessorOptions } from './inbox-processor.js';
import { type AllowedUpdates, TelegramPoller, type TelegramPollerOptions } from './telegram-poller.js';
import { registerWebhook, telegramWebhookRoute } from './telegram-webhook-route.js';

/** How updates arrive: long polling, or Telegram posting to `url` (served at `path`, default its pathname). */
export type TelegramIntakeMode = 'polling' | { webhook: { url: string; path?: string; secret: string } };

/** Options for {@link startTelegramIntake}. */
export interface TelegramIntakeOptions {
  mode: TelegramIntakeMode;
  telegram: Telegram;
  connection: Connection;
  /** Handles one stored update, idempotently (the app: `bot.handleUpdate(update)`). */
  handle(update: Update): Promise<void>;
  logger: Logger;
  allowedUpdates?: AllowedUpdates;
  /** Tuning of the poller (polling mode). */
  poller?: Partial<Omit<TelegramPollerOptions, 'telegram' | 'inbox' | 'leases' | 'logger' | 'onStored'>>;
  /** Tuning of the processor. */
  processor?: Partial<Omit<InboxProcessorOptions, 'inbox' | 'leases' | 'logger' | 'handle'>>;
}

/** A running intake: the routes to serve (the webhook, in webhook mode) and how to stop it. */
export interface TelegramIntake {
  routes: HttpRoute[];
  inbox: TelegramInbox;
  /** Stops taking updates, lets the handlers running finish. */
  stop(): Promise<void>;
}

const REGISTER_RETRY_MAX_MS = 60_000;

/** Starts storing Telegram updates (polling or webhook) and handling them from the inbox. */
export async function startTelegramIntake(options: TelegramIntakeOptions): Promise<TelegramIntake> {
  const { telegram, connection, logger } = options;
  const inbox = new TelegramInbox(connection);
  await inbox.ensureIndexes();
  const leases = new LeaseStore(connection);
  const processor = new InboxProcessor({
    ...options.processor,
    inbox,
    leases,
    handle: options.handle,
    logger: logger.child({ component: 'telegram-inbox' }),
  });
  processor.start();
  const onStored = () => processor.kick();

  if (options.mode === 'polling') {
    const poller = new TelegramPoller({
      ...options.poller,
      telegram,
      inbox,
      leases,
      logger: logger.child({ component: 'telegram-poller' }),
      ...(options.allowedUpdates ? { allowedUpdates: options.allowedUpdates } : {}),
      onStored,
    });
    poller.start();
    return {
      routes: [],
      inbox,
      async stop() {
        await poller.stop();
        await processor.stop();
      },
    };
  }

  const { url, secret } = options.mode.webhook;
  const path = options.mode.webhook.path ?? new URL(url).pathname;
  const route = telegramWebhookRoute({
    path,
    secret,
    inbox,
    logger: logger.child({ component: 'telegram-webhook' }),
    onStored,
  });
  const stopping = new AbortController();
  const registration = keepRegistering(
    () =>
      registerWebhook(telegram, {
        url,
        secret,
        ...(options.allowedUpdates ? { allowedUpdates: options.allowedUpdates } : {}),
      }),
    logger,
    stopping.signal,
  );
  return {
    routes: [route],
    inbox,
    async stop() {
      stopping.abort();
      await registration;
      await processor.stop();
    },
  };
}

/** Registers the webhook, retrying with backoff until it succeeds or `signal` aborts. */
async function keepRegistering(
  register: () => Promise<void>,
  logger: Logger,
  signal: AbortSignal,
): Promise<void> {
  for (let delay = 1000; !signal.aborted; delay = Math.min(delay * 2, REGISTER_RETRY_MAX_MS)) {
    try {
      await register();
      logger.info('Telegram webhook registered');
      return;
    } catch (error) {
      logger.error({ err: error, retryInMs: delay }, 'could not register the Telegram webhook');
    }
    await sleep(delay, undefined, { signal }).catch(() => undefined);
  }
}
