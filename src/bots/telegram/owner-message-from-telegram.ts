import type { Message, User } from 'telegraf/types';
import type { OwnerMessage } from '../../core/intake/intake-deps.js';
import type { Attachment } from '../../core/tickets/ticket.js';

const COMMAND = /^\/([a-z_]+)(?:@\w+)?(?:\s|$)/i;

const nameOf = (user: User): string => [user.first_name, user.last_name].filter(Boolean).join(' ') || 'Owner';

function attachmentsOf(message: Message): Attachment[] {
  if ('photo' in message && message.photo.length > 0) {
    const largest = message.photo[message.photo.length - 1]!;
    return [{ kind: 'photo', fileId: largest.file_id }];
  }
  if ('document' in message) {
    return [
      {
        kind: 'document',
        fileId: message.document.file_id,
        ...(message.document.file_name ? { fileName: message.document.file_name } : {}),
        ...(message.document.mime_type ? { mimeType: message.document.mime_type } : {}),
      },
    ];
  }
  if ('voice' in message) return [{ kind: 'voice', fileId: message.voice.file_id, mimeType: 'audio/ogg' }];
  if ('video' in message) return [{ kind: 'video', fileId: message.video.file_id }];
  if ('audio' in message) return [{ kind: 'audio', fileId: message.audio.file_id }];
  if ('location' in message) {
    return [{ kind: 'location', latitude: message.location.latitude, longitude: message.location.longitude }];
  }
  return [];
}

/**
 * What an owner's Telegram message says, for the intake: text or caption, attachments, a shared contact (only
 * the owner's own), a command, the message it replies to. Undefined for messages that are not from a person
 * in a private chat.
 */
export function ownerMessageFromTelegram(message: Message): OwnerMessage | undefined {
  if (message.chat.type !== 'private' || !message.from || message.from.is_bot) return undefined;
  const text = 'text' in message ? message.text : 'caption' in message ? (message.caption ?? '') : '';
  const command = 'text' in message ? COMMAND.exec(message.text)?.[1]?.toLowerCase() : undefined;
  const ownContact =
    'contact' in message && message.contact.user_id === message.from.id
      ? message.contact.phone_number
      : undefined;
  return {
    telegramUserId: message.from.id,
    chatId: message.chat.id,
    messageId: message.message_id,
    ...(message.from.language_code ? { languageCode: message.from.language_code } : {}),
    telegramName: nameOf(message.from),
    ...(message.from.username ? { username: message.from.username } : {}),
    text: command ? '' : text,
    attachments: attachmentsOf(message),
    ...('reply_to_message' in message && message.reply_to_message
      ? { replyToMessageId: message.reply_to_message.message_id }
      : {}),
    ...(ownContact ? { sharedPhone: ownContact } : {}),
    ...(command ? { command } : {}),
    sentAt: new Date(message.date * 1000),
  };
}
