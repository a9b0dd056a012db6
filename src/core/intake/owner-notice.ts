import type { OutboxMessage, TelegramButton } from '../outbox/outbox-message.js';

/** A plain-text message to an owner's chat, delivered through the outbox under `key`. */
export function ownerNotice(
  key: string,
  chatId: number,
  text: string,
  extra: {
    ticketId?: string;
    buttons?: TelegramButton[][];
    forceReply?: boolean;
    contactButton?: string;
    removeKeyboard?: boolean;
  } = {},
): OutboxMessage {
  return {
    key,
    kind: 'telegram.message',
    chatId,
    text,
    ...(extra.ticketId ? { ticketId: extra.ticketId } : {}),
    ...(extra.buttons ? { buttons: extra.buttons } : {}),
    ...(extra.forceReply ? { forceReply: true } : {}),
    ...(extra.contactButton ? { keyboard: { kind: 'contact', button: extra.contactButton } } : {}),
    ...(extra.removeKeyboard ? { keyboard: { kind: 'remove' } } : {}),
  };
}
