import type { Telegram } from 'telegraf';
import type { OutboxMessage } from '../../core/outbox/outbox-message.js';
import {
  type DeliveryContext,
  DeliveryError,
  type DeliveryResult,
  type OutboxTransport,
} from '../../core/outbox/outbox-transport.js';
import { splitTelegramText } from '../../core/presenters/telegram/split-telegram-text.js';

type CallOptions = Parameters<Telegram['callApi']>[2];
type TelegramMessage = Extract<OutboxMessage, { kind: 'telegram.message' }>;

/** Options for {@link TelegramTransport}. */
export interface TelegramTransportOptions {
  /** telegraf's client: `new Telegram(token, { apiRoot })`. */
  telegram: Telegram;
  /** Splits a text into messages Telegram accepts. Default: at paragraphs, lines, then spaces, ≤ 4096. */
  split?(text: string): string[];
  /** How long one API call may take. Default 15 s. */
  timeoutMs?: number;
}

/** What a multi-part delivery has sent so far: Telegram message ids of the parts, in order. */
interface TelegramProgress {
  sent: number[];
}

/** Telegram error codes that are about this message or chat, so trying again cannot help. */
const PERMANENT = new Set([400, 403]);

/**
 * Sends `telegram.message` outbox messages with telegraf: plain text (never `parse_mode`), split into parts, the
 * keyboard on the last part. Telegram cannot be asked whether a message arrived, so an uncertain attempt sends
 * again; parts recorded as sent are not.
 */
export class TelegramTransport implements OutboxTransport {
  private readonly split: (text: string) => string[];
  private readonly timeoutMs: number;

  constructor(private readonly options: TelegramTransportOptions) {
    this.split = options.split ?? ((text) => splitTelegramText(text));
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  async deliver(message: OutboxMessage, context: DeliveryContext): Promise<DeliveryResult> {
    if (message.kind !== 'telegram.message') {
      throw new DeliveryError({
        platform: 'telegram',
        method: 'deliver',
        description: `cannot deliver ${message.kind}`,
        retryable: false,
      });
    }
    const parts = this.split(message.text);
    if (parts.length === 0) parts.push(message.text);
    const sent = [...((context.progress as TelegramProgress | undefined)?.sent ?? [])];
    for (let index = sent.length; index < parts.length; index++) {
      const last = index === parts.length - 1;
      const payload = {
        chat_id: message.chatId,
        text: parts[index]!,
        ...(last ? replyMarkup(message) : {}),
      };
      const summary = {
        chat_id: message.chatId,
        textLength: payload.text.length,
        part: index + 1,
        parts: parts.length,
        ...(payload.reply_markup ? { replyMarkup: Object.keys(payload.reply_markup)[0] } : {}),
      };
      await context.throttle?.(
        { scope: 'telegram-chat', id: String(message.chatId) },
        { scope: 'telegram-global' },
      );
      let result: { message_id: number };
      try {
        result = await this.options.telegram.callApi('sendMessage', payload, {
          signal: AbortSignal.timeout(this.timeoutMs),
        } as unknown as CallOptions);
      } catch (error) {
        throw toDeliveryError(error, 'sendMessage', summary, message.chatId);
      }
      sent.push(result.message_id);
      if (!last) await context.saveProgress?.({ sent } satisfies TelegramProgress);
    }
    return { platform: 'telegram', chatId: message.chatId, messageIds: sent };
  }
}

function replyMarkup(message: TelegramMessage) {
  if (message.buttons?.length) {
    return {
      reply_markup: {
        inline_keyboard: message.buttons.map((row) =>
          row.map((b) => ({ text: b.text, callback_data: b.data })),
        ),
      },
    };
  }
  if (message.keyboard?.kind === 'contact') {
    return {
      reply_markup: {
        keyboard: [[{ text: message.keyboard.button, request_contact: true }]],
        one_time_keyboard: true,
        resize_keyboard: true,
      },
    };
  }
  if (message.forceReply) return { reply_markup: { force_reply: true as const } };
  return {};
}

/** telegraf's `TelegramError` (an API answer) or a network failure, as a {@link DeliveryError}. */
function toDeliveryError(
  error: unknown,
  method: string,
  payload: Record<string, unknown>,
  chatId: number,
): DeliveryError {
  const api = error as {
    response?: { error_code?: number; description?: string; parameters?: { retry_after?: number } };
  };
  const code = api.response?.error_code;
  if (typeof code === 'number') {
    const description = api.response?.description ?? String(code);
    if (code === 429) {
      const retryAfter = api.response?.parameters?.retry_after;
      return new DeliveryError({
        platform: 'telegram',
        method,
        status: 429,
        code,
        description,
        retryable: true,
        ...(retryAfter !== undefined ? { retryAfterMs: retryAfter * 1000 } : {}),
        rateLimited: { scope: 'telegram-chat', id: String(chatId) },
        payload,
        cause: error,
      });
    }
    return new DeliveryError({
      platform: 'telegram',
      method,
      status: code,
      code,
      description,
      retryable: !PERMANENT.has(code),
      ambiguous: code >= 500,
      payload,
      cause: error,
    });
  }
  const failure = error as { name?: string; code?: string; message?: string };
  return new DeliveryError({
    platform: 'telegram',
    method,
    code: failure.code ?? failure.name ?? 'network',
    description: failure.message ?? String(error),
    retryable: true,
    ambiguous: failure.code !== 'ECONNREFUSED',
    payload,
    cause: error,
  });
}
