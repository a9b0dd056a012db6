import { randomBytes } from 'node:crypto';
import type { TgChat, TgMessageEntity, TgUser } from './telegram-types.js';

let userSeq = 0;

/** Builds a Telegram user (an owner by default); every call gets a fresh id unless one is given. */
export function buildTelegramUser(overrides: Partial<TgUser> = {}): TgUser {
  userSeq += 1;
  const id = overrides.id ?? 700_000_000 + userSeq;
  return {
    id,
    is_bot: false,
    first_name: 'Olga',
    last_name: 'Owner',
    username: `owner_${id}`,
    language_code: 'en',
    ...overrides,
  };
}

/** The private chat Telegram creates between the bot and `user`. */
export function privateChatOf(user: TgUser): TgChat {
  const chat: TgChat = { id: user.id, type: 'private', first_name: user.first_name };
  if (user.last_name !== undefined) chat.last_name = user.last_name;
  if (user.username !== undefined) chat.username = user.username;
  return chat;
}

/** `bot_command` entities Telegram attaches to `/commands` in a text (telegraf's `bot.command` needs them). */
export function commandEntities(text: string): TgMessageEntity[] {
  const entities: TgMessageEntity[] = [];
  const pattern = /(^|\s)(\/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?)(?=$|\s)/g;
  for (const match of text.matchAll(pattern)) {
    const offset = (match.index ?? 0) + match[1]!.length;
    entities.push({ type: 'bot_command', offset, length: match[2]!.length });
  }
  return entities;
}

/** A file_id / file_unique_id pair in the shape Telegram uses (opaque, url-safe). */
export function mintFileIds(kind: string): { file_id: string; file_unique_id: string } {
  const prefix =
    { photo: 'AgACAgIAAxkBAA', document: 'BQACAgIAAxkBAA', voice: 'AwACAgIAAxkBAA' }[kind] ??
    'CAACAgIAAxkBAA';
  return {
    file_id: `${prefix}${randomBytes(24).toString('base64url')}`,
    file_unique_id: `AQAD${randomBytes(8).toString('base64url')}`,
  };
}

/** A tiny valid JPEG, used as the default bytes of simulated photos. */
export const TINY_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

/** A few bytes of Ogg/Opus header, used as the default bytes of simulated voice notes. */
export const TINY_OGG = Buffer.from('OggS\u0000\u0002fake-opus-voice', 'latin1');
