import { languageFromTelegram } from '../messages/language-from-telegram.js';
import type { Owner } from '../tickets/owner.js';
import type { IntakeDeps, OwnerMessage } from './intake-deps.js';

/** The owner's file for a message's sender, created on first contact. */
export function ownerForMessage(deps: IntakeDeps, message: OwnerMessage): Promise<Owner> {
  return deps.owners.upsertFromTelegram({
    telegramUserId: message.telegramUserId,
    chatId: message.chatId,
    language: languageFromTelegram(message.languageCode, deps.settings.defaultLanguage),
    telegramName: message.telegramName,
    ...(message.username ? { username: message.username } : {}),
  });
}
