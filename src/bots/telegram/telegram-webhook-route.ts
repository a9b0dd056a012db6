import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { z } from 'zod';
import type { HttpRoute } from '../../http/http-route.js';
import { sendJson } from '../../http/send-json.js';
import type { Logger } from '../../logger.js';
import type { TelegramInbox } from '../../models/telegram-inbox.js';
import type { AllowedUpdates } from './telegram-poller.js';

/** Options for {@link telegramWebhookRoute}. */
export interface TelegramWebhookRouteOptions {
  /** The path Telegram posts to, e.g. `/telegram/webhook`. */
  path: string;
  /** The `secret_token` given to setWebhook; requests without it in `X-Telegram-Bot-Api-Secret-Token` are refused. */
  secret: string;
  inbox: TelegramInbox;
  logger: Logger;
  /** Largest body accepted, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Called after a new update is stored (wire to `InboxProcessor.kick`). */
  onStored?(newlyStored: number): void;
}

/** Options for {@link registerWebhook}. */
export interface RegisterWebhookOptions {
  /** Public HTTPS URL of the webhook route. */
  url: string;
  secret: string;
  allowedUpdates?: AllowedUpdates;
}

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const SECRET_FORMAT = /^[A-Za-z0-9_-]{1,256}$/;
const updateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

class BodyTooLarge extends Error {}

/**
 * `POST <path>`: Telegram's webhook. Answers 2xx only once the update is stored, so Telegram keeps retrying
 * an update the service could not store (500); a redelivered update is acknowledged and not stored again.
 */
export function telegramWebhookRoute(options: TelegramWebhookRouteOptions): HttpRoute {
  const { path, secret, inbox, logger } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const expected = digest(secret);
  return {
    method: 'POST',
    path,
    handler: async (req, res) => {
      const given = req.headers[SECRET_HEADER];
      if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) {
        logger.warn(
          { ip: req.socket.remoteAddress },
          'refused a Telegram webhook request without the right secret',
        );
        refuse(req, res, 401);
        return;
      }
      let body: Buffer;
      try {
        body = await readBody(req, maxBodyBytes);
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        logger.warn({ maxBodyBytes }, 'refused a Telegram webhook request with a body over the limit');
        refuse(req, res, 413);
        return;
      }
      const update = parseUpdate(body);
      if (!update) {
        logger.warn({ bytes: body.length }, 'refused a Telegram webhook request that is not an update');
        sendJson(res, 400, { error: 'not a Telegram update' });
        return;
      }
      let stored: number;
      try {
        stored = await inbox.store([update], 'webhook');
      } catch (error) {
        logger.error(
          { err: error, updateId: update.update_id },
          'could not store a Telegram update; answering 500 so Telegram delivers it again',
        );
        sendJson(res, 500, { error: 'not stored, retry later' });
        return;
      }
      logger.debug({ updateId: update.update_id, duplicate: stored === 0 }, 'Telegram update stored');
      sendJson(res, 200, {});
      if (stored > 0) options.onStored?.(stored);
    },
  };
}

/**
 * Points Telegram at the webhook with the secret, keeping updates that are waiting. One connection at a time, so
 * Telegram delivers in `update_id` order and an owner's follow-up is never stored before the report it follows
 * (the default of 40 parallel connections could); each delivery costs one insert, so this still takes dozens of
 * updates a second.
 */
export async function registerWebhook(telegram: Telegram, options: RegisterWebhookOptions): Promise<void> {
  if (!SECRET_FORMAT.test(options.secret)) {
    throw new Error('the Telegram webhook secret must be 1 to 256 characters of A-Z, a-z, 0-9, _ and -');
  }
  await telegram.setWebhook(options.url, {
    secret_token: options.secret,
    drop_pending_updates: false,
    max_connections: 1,
    ...(options.allowedUpdates ? { allowed_updates: options.allowedUpdates } : {}),
  });
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function parseUpdate(body: Buffer): Update | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  return updateSchema.safeParse(json).success ? (json as Update) : undefined;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Answers with no body and closes the connection, leaving any unread request body unread. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number): void {
  res.writeHead(status, { connection: 'close', 'content-length': 0 });
  res.end(() => req.destroy());
}
