import { Telegraf } from 'telegraf';
import type { Update, UserFromGetMe } from 'telegraf/types';
import { chooseFollowUp } from '../../core/intake/choose-follow-up.js';
import type { IntakeDeps } from '../../core/intake/intake-deps.js';
import { ownerEditedMessage } from '../../core/intake/owner-edited-message.js';
import { receiveOwnerMessage } from '../../core/intake/receive-owner-message.js';
import { parseCallbackData } from '../../core/presenters/telegram/callback-data.js';
import type { Logger } from '../../logger.js';
import { ownerMessageFromTelegram } from './owner-message-from-telegram.js';

/** Handles an owner's tap on a return-visit button (wired by the follow-up jobs). */
export type ReturnVisitHandler = (answer: {
  telegramUserId: number;
  chatId: number;
  ticketNumber: string;
  answer: number | 'not-fixed';
  callbackId: string;
}) => Promise<string | undefined>;

/** Options for {@link createTelegramBot}. */
export interface TelegramBotOptions {
  token: string;
  apiRoot: string;
  botInfo?: UserFromGetMe;
  intake: IntakeDeps;
  logger: Logger;
  returnVisit?: ReturnVisitHandler;
}

/**
 * The owners' bot: telegraf routes each stored update to a use case. Nothing is sent from here but the
 * answer to a button tap: every message to an owner goes through the outbox. A handler that throws makes the
 * update fail, so the inbox retries it.
 */
export function createTelegramBot(options: TelegramBotOptions): {
  bot: Telegraf;
  handle(update: Update): Promise<void>;
} {
  const { intake, logger } = options;
  const bot = new Telegraf(options.token, { telegram: { apiRoot: options.apiRoot, webhookReply: false } });
  if (options.botInfo) bot.botInfo = options.botInfo;

  bot.on('message', async (ctx) => {
    const message = ownerMessageFromTelegram(ctx.message);
    if (message) await receiveOwnerMessage(intake, message);
  });

  bot.on('edited_message', async (ctx) => {
    const edited = ctx.editedMessage;
    if (edited.chat.type !== 'private' || !edited.from || !('text' in edited || 'caption' in edited)) return;
    const text = 'text' in edited ? edited.text : (edited.caption ?? '');
    await ownerEditedMessage(intake, {
      telegramUserId: edited.from.id,
      chatId: edited.chat.id,
      messageId: edited.message_id,
      text,
      editDate: edited.edit_date,
    });
  });

  bot.on('callback_query', async (ctx) => {
    const query = ctx.callbackQuery;
    const data = parseCallbackData('data' in query ? query.data : undefined);
    const chatId = query.message?.chat.id ?? query.from.id;
    let answer: string | undefined;
    if (data?.kind === 'follow-up') {
      answer = await chooseFollowUp(intake, {
        telegramUserId: query.from.id,
        chatId,
        messageId: Number(data.pendingId),
        choice: data.choice === 'new' ? 'new' : { attach: data.ticketNumber },
        callbackId: query.id,
      });
    } else if (data?.kind === 'return-visit' && options.returnVisit) {
      answer = await options.returnVisit({
        telegramUserId: query.from.id,
        chatId,
        ticketNumber: data.ticketNumber,
        answer: data.answer,
        callbackId: query.id,
      });
    }
    await ctx.answerCbQuery(answer?.slice(0, 200)).catch((error: unknown) => {
      logger.debug({ err: error, callbackId: query.id }, 'callback answer not delivered (it may be too old)');
    });
  });

  bot.catch((error) => {
    throw error;
  });

  return { bot, handle: (update) => bot.handleUpdate(update) };
}
