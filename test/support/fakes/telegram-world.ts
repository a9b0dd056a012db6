import { randomInt } from 'node:crypto';
import { type Params, UploadedFile } from './http-kit.js';
import { mintFileIds, privateChatOf, TINY_JPEG } from './telegram-builders.js';
import { type FormattedText, parseFormatted, trimFormatted } from './telegram-formatting.js';
import {
  TelegramApiError,
  type TgCallbackQuery,
  type TgChat,
  type TgMessage,
  type TgMessageEntity,
  type TgPhotoSize,
  type TgReplyMarkup,
  type TgUser,
} from './telegram-types.js';

/** A file the fake can serve through getFile and `/file/bot<token>/<file_path>`. */
export interface StoredFile {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  bytes: Buffer;
  mime_type?: string;
  file_name?: string;
}

export interface ChatState {
  chat: TgChat;
  user?: TgUser;
  blocked: boolean;
  lastMessageId: number;
  messages: Map<number, TgMessage>;
  chatInstance: string;
}

interface CallbackState {
  query: TgCallbackQuery;
  createdAt: number;
  answer?: Params;
}

const bad = TelegramApiError.badRequest;

export const asInt = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
};

const asNumber = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

export const asBool = (value: unknown): boolean =>
  value === true || value === 'true' || value === '1' || value === 1;

const asString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

const nowSec = (): number => Math.floor(Date.now() / 1000);

const clone = <T>(value: T): T => structuredClone(value);

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

/** Options for the Telegram fake's notion of the world. */
export interface TelegramWorldOptions {
  /** How long a callback query may be answered after the press (Telegram: about 15 s). */
  callbackQueryTtlMs?: number;
}

/** Chats, messages, files and callback queries behind the fake Bot API. */
export class TelegramWorld {
  readonly chats = new Map<number, ChatState>();
  readonly files = new Map<string, StoredFile>();
  readonly callbackQueries = new Map<string, CallbackState>();
  readonly commands = new Map<string, unknown[]>();
  private fileSeq = 0;
  private readonly callbackQueryTtlMs: number;

  constructor(
    readonly bot: TgUser,
    options: TelegramWorldOptions = {},
  ) {
    this.callbackQueryTtlMs = options.callbackQueryTtlMs ?? 15_000;
  }

  registerChat(user: TgUser): ChatState {
    const existing = this.chats.get(user.id);
    if (existing) {
      existing.user = user;
      return existing;
    }
    const state: ChatState = {
      chat: privateChatOf(user),
      user,
      blocked: false,
      lastMessageId: 0,
      messages: new Map(),
      chatInstance: String(-randomInt(1, 2 ** 47)),
    };
    this.chats.set(user.id, state);
    return state;
  }

  storeFile(
    bytes: Buffer,
    kind: string,
    extras: { mime_type?: string; file_name?: string } = {},
  ): StoredFile {
    this.fileSeq += 1;
    const folder = { photo: 'photos', voice: 'voice', document: 'documents' }[kind] ?? 'files';
    const ext = { photo: 'jpg', voice: 'oga' }[kind] ?? (extras.file_name?.split('.').pop() || 'dat');
    const file: StoredFile = {
      ...mintFileIds(kind),
      file_path: `${folder}/file_${this.fileSeq}.${ext}`,
      bytes,
      ...extras,
    };
    this.files.set(file.file_id, file);
    return file;
  }

  photoSizes(file: StoredFile, width = 1280, height = 960): TgPhotoSize[] {
    return [90, 320, 800, width]
      .filter((w, i, all) => w <= width && all.indexOf(w) === i)
      .map((w) => {
        const size = w === width ? file : this.storeFile(file.bytes, 'photo');
        return {
          file_id: size.file_id,
          file_unique_id: size.file_unique_id,
          width: w,
          height: Math.round((height * w) / width),
          file_size: file.bytes.length,
        };
      });
  }

  /** Stores a message the simulated user sent. */
  userMessage(from: TgUser, content: Partial<TgMessage>): TgMessage {
    const state = this.registerChat(from);
    state.lastMessageId += 1;
    const message: TgMessage = {
      message_id: state.lastMessageId,
      from,
      chat: state.chat,
      date: nowSec(),
      ...content,
    };
    state.messages.set(message.message_id, message);
    return clone(message);
  }

  mintCallbackQuery(
    from: TgUser,
    chatId: number,
    messageId: number,
    data: string,
    force: boolean,
  ): TgCallbackQuery {
    const state = this.chats.get(chatId);
    const message = state?.messages.get(messageId);
    if (!state || !message) {
      throw new Error(
        `pressButton: no message ${messageId} in chat ${chatId}; known: ${this.describeChat(chatId)}`,
      );
    }
    const buttons = message.reply_markup?.inline_keyboard?.flat() ?? [];
    if (!force && !buttons.some((b) => b.callback_data === data)) {
      const known = buttons.map((b) => JSON.stringify(b.callback_data)).join(', ') || 'none';
      throw new Error(
        `pressButton: message ${messageId} has no button with callback_data ${JSON.stringify(data)} (buttons: ${known}); pass force: true to press anyway`,
      );
    }
    const query: TgCallbackQuery = {
      id: String(randomInt(1, 2 ** 47)) + String(randomInt(100000, 999999)),
      from,
      message: clone(message),
      chat_instance: state.chatInstance,
      data,
    };
    this.callbackQueries.set(query.id, { query, createdAt: Date.now() });
    return clone(query);
  }

  userEdit(from: TgUser, messageId: number, text: string): TgMessage {
    const state = this.chats.get(from.id);
    const message = state?.messages.get(messageId);
    if (!message || message.from?.id !== from.id) {
      throw new Error(
        `editText: user ${from.id} has no message ${messageId}; known: ${this.describeChat(from.id)}`,
      );
    }
    message.text = text;
    message.edit_date = nowSec();
    return clone(message);
  }

  private describeChat(chatId: number): string {
    const state = this.chats.get(chatId);
    if (!state) return 'chat does not exist';
    return (
      [...state.messages.values()]
        .map((m) => `#${m.message_id} from ${m.from?.is_bot ? 'bot' : 'user'}`)
        .join(', ') || 'no messages'
    );
  }

  // ---- Bot API methods ----

  getMe(): TgUser {
    return clone(this.bot);
  }

  getChat(p: Params): Record<string, unknown> {
    const state = this.findChat(p.chat_id);
    return { ...state.chat, accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: {} };
  }

  sendMessage(p: Params): TgMessage {
    const state = this.targetChat(p);
    const formatted = this.formatted(p.text, p.parse_mode, p.entities);
    if (formatted.text.length === 0) throw bad('message text is empty');
    if (formatted.text.length > 4096) throw bad('message is too long');
    const content: Partial<TgMessage> = { text: formatted.text, ...entitiesField('entities', formatted) };
    if (p.link_preview_options !== undefined) content.link_preview_options = p.link_preview_options;
    return this.botMessage(state, p, content);
  }

  sendPhoto(p: Params): TgMessage {
    const state = this.targetChat(p);
    const file = this.inputFile(p, 'photo', 'photo');
    return this.botMessage(state, p, { photo: this.photoSizes(file), ...this.caption(p) });
  }

  sendDocument(p: Params): TgMessage {
    const state = this.targetChat(p);
    const file = this.inputFile(p, 'document', 'document');
    const document = {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      file_name: file.file_name ?? 'document.dat',
      mime_type: file.mime_type ?? 'application/octet-stream',
      file_size: file.bytes.length,
    };
    return this.botMessage(state, p, { document, ...this.caption(p) });
  }

  sendVoice(p: Params): TgMessage {
    const state = this.targetChat(p);
    const file = this.inputFile(p, 'voice', 'voice');
    const voice = {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      duration: asInt(p.duration) ?? 1,
      mime_type: 'audio/ogg',
      file_size: file.bytes.length,
    };
    return this.botMessage(state, p, { voice, ...this.caption(p) });
  }

  sendLocation(p: Params): TgMessage {
    const state = this.targetChat(p);
    const latitude = asNumber(p.latitude);
    const longitude = asNumber(p.longitude);
    if (latitude === undefined || latitude < -90 || latitude > 90) throw bad('wrong latitude');
    if (longitude === undefined || longitude < -180 || longitude > 180) throw bad('wrong longitude');
    return this.botMessage(state, p, { location: { latitude, longitude } });
  }

  sendChatAction(p: Params): true {
    this.targetChat(p);
    if (!CHAT_ACTIONS.has(String(p.action))) throw bad('wrong parameter action in request');
    return true;
  }

  editMessageText(p: Params): TgMessage {
    const message = this.editable(p);
    if (message.text === undefined) throw bad('there is no text in the message to edit');
    const formatted = this.formatted(p.text, p.parse_mode, p.entities);
    if (formatted.text.length === 0) throw bad('message text is empty');
    if (formatted.text.length > 4096) throw bad('message is too long');
    const markup = this.replyMarkup(p.reply_markup);
    const next = { text: formatted.text, entities: formatted.entities, reply_markup: markup };
    const current = {
      text: message.text,
      entities: message.entities ?? [],
      reply_markup: message.reply_markup,
    };
    if (sameJson(next, current)) throw bad(NOT_MODIFIED);
    message.text = formatted.text;
    setOptional(message, 'entities', formatted.entities.length ? formatted.entities : undefined);
    setOptional(message, 'reply_markup', markup);
    message.edit_date = nowSec();
    return clone(message);
  }

  editMessageCaption(p: Params): TgMessage {
    const message = this.editable(p);
    if (message.text !== undefined) throw bad('there is no caption in the message to edit');
    const caption = this.caption(p);
    const markup = this.replyMarkup(p.reply_markup);
    const next = { caption: caption.caption, entities: caption.caption_entities, reply_markup: markup };
    const current = {
      caption: message.caption,
      entities: message.caption_entities,
      reply_markup: message.reply_markup,
    };
    if (sameJson(next, current)) throw bad(NOT_MODIFIED);
    setOptional(message, 'caption', caption.caption);
    setOptional(message, 'caption_entities', caption.caption_entities);
    setOptional(message, 'reply_markup', markup);
    message.edit_date = nowSec();
    return clone(message);
  }

  editMessageReplyMarkup(p: Params): TgMessage {
    const message = this.editable(p);
    const markup = this.replyMarkup(p.reply_markup);
    if (sameJson(markup, message.reply_markup)) throw bad(NOT_MODIFIED);
    setOptional(message, 'reply_markup', markup);
    message.edit_date = nowSec();
    return clone(message);
  }

  deleteMessage(p: Params): true {
    const state = this.findChat(p.chat_id);
    const id = asInt(p.message_id);
    if (id === undefined || !state.messages.delete(id)) throw bad('message to delete not found');
    return true;
  }

  answerCallbackQuery(p: Params): true {
    const id = asString(p.callback_query_id);
    const entry = id === undefined ? undefined : this.callbackQueries.get(id);
    if (!entry || entry.answer !== undefined || Date.now() - entry.createdAt > this.callbackQueryTtlMs) {
      throw bad('query is too old and response timeout expired or query ID is invalid');
    }
    const text = asString(p.text);
    if (text !== undefined && text.length > 200) throw bad('MESSAGE_TOO_LONG');
    entry.answer = p;
    return true;
  }

  setMyCommands(p: Params): true {
    const commands = p.commands;
    if (!Array.isArray(commands)) throw bad("can't parse commands JSON object");
    if (commands.length > 100) throw bad('too many commands specified');
    for (const entry of commands as { command?: unknown; description?: unknown }[]) {
      const command = String(entry?.command ?? '').replace(/^\//, '');
      if (!/^[a-z0-9_]{1,32}$/.test(command)) throw bad('BOT_COMMAND_INVALID');
      const description = String(entry?.description ?? '');
      if (description.trim().length === 0 || description.length > 256) {
        throw bad('BOT_COMMAND_DESCRIPTION_INVALID');
      }
    }
    this.commands.set(commandsKey(p), commands);
    return true;
  }

  getMyCommands(p: Params): unknown[] {
    return clone(this.commands.get(commandsKey(p)) ?? []);
  }

  deleteMyCommands(p: Params): true {
    this.commands.delete(commandsKey(p));
    return true;
  }

  getFile(p: Params): Record<string, unknown> {
    const file = this.files.get(String(p.file_id));
    if (!file) throw bad('invalid file_id');
    return {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      file_size: file.bytes.length,
      file_path: file.file_path,
    };
  }

  // ---- helpers ----

  findChat(chatId: unknown): ChatState {
    if (chatId === undefined || chatId === '') throw bad('chat_id is empty');
    const numeric = asInt(chatId);
    const state =
      numeric !== undefined
        ? this.chats.get(numeric)
        : [...this.chats.values()].find((c) => `@${c.chat.username}` === String(chatId));
    if (!state) throw bad('chat not found');
    return state;
  }

  private targetChat(p: Params): ChatState {
    const state = this.findChat(p.chat_id);
    if (state.blocked) throw new TelegramApiError(403, 'Forbidden: bot was blocked by the user');
    return state;
  }

  private editable(p: Params): TgMessage {
    if (p.inline_message_id !== undefined) throw bad('MESSAGE_ID_INVALID');
    const state = this.findChat(p.chat_id);
    const id = asInt(p.message_id);
    const message = id === undefined ? undefined : state.messages.get(id);
    if (!message) throw bad('message to edit not found');
    if (message.from?.id !== this.bot.id) throw bad("message can't be edited");
    return message;
  }

  private formatted(text: unknown, parseMode: unknown, entities: unknown): FormattedText {
    const source = asString(text) ?? '';
    const parsed = parseFormatted(source, parseMode);
    if (parseMode === undefined && Array.isArray(entities)) {
      return trimFormatted({ text: source, entities: entities as TgMessageEntity[] });
    }
    return trimFormatted(parsed);
  }

  private caption(p: Params): { caption?: string; caption_entities?: TgMessageEntity[] } {
    if (p.caption === undefined) return {};
    const formatted = this.formatted(p.caption, p.parse_mode, p.caption_entities);
    if (formatted.text.length > 1024) throw bad('message caption is too long');
    if (formatted.text.length === 0) return {};
    return { caption: formatted.text, ...entitiesField('caption_entities', formatted) };
  }

  private inputFile(p: Params, field: string, kind: string): StoredFile {
    let value = p[field];
    if (typeof value === 'string' && value.startsWith('attach://'))
      value = p[value.slice('attach://'.length)];
    if (value instanceof UploadedFile) {
      return this.storeFile(value.bytes, kind, {
        file_name: value.filename,
        ...(value.contentType ? { mime_type: value.contentType } : {}),
      });
    }
    if (typeof value === 'string' && value !== '') {
      const known = this.files.get(value);
      if (known) return known;
      if (/^https?:\/\/\S+$/.test(value)) {
        return this.storeFile(TINY_JPEG, kind, { file_name: value.split('/').pop() || 'file' });
      }
      throw bad('wrong file identifier/HTTP URL specified');
    }
    throw bad(`there is no ${field} in the request`);
  }

  private replyMarkup(raw: unknown): TgReplyMarkup | undefined {
    if (raw === undefined || raw === '') return undefined;
    if (typeof raw !== 'object' || raw === null) throw bad("can't parse reply keyboard markup JSON object");
    const markup = raw as TgReplyMarkup;
    if (markup.inline_keyboard === undefined) return undefined;
    if (!Array.isArray(markup.inline_keyboard) || !markup.inline_keyboard.every(Array.isArray)) {
      throw bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
    }
    for (const button of markup.inline_keyboard.flat()) {
      if (typeof button?.text !== 'string') {
        throw bad(`can't parse inline keyboard button: Field "text" must be of type String`);
      }
      const actions = Object.keys(button).filter((key) => key !== 'text');
      if (actions.length === 0) {
        throw bad(`can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard`);
      }
      if (button.callback_data !== undefined) {
        const bytes = Buffer.byteLength(String(button.callback_data), 'utf8');
        if (typeof button.callback_data !== 'string' || bytes < 1 || bytes > 64)
          throw bad('BUTTON_DATA_INVALID');
      }
      if (button.url !== undefined && !/^(https?|tg):\/\/\S+$/.test(String(button.url))) {
        throw bad(`inline keyboard button URL '${String(button.url)}' is invalid: Wrong HTTP URL`);
      }
    }
    return clone({ inline_keyboard: markup.inline_keyboard });
  }

  private botMessage(state: ChatState, p: Params, content: Partial<TgMessage>): TgMessage {
    const markup = this.replyMarkup(p.reply_markup);
    const replyParams = p.reply_parameters as
      | { message_id?: unknown; allow_sending_without_reply?: unknown }
      | undefined;
    const replyId = asInt(replyParams?.message_id ?? p.reply_to_message_id);
    let replyTo: TgMessage | undefined;
    if (replyId !== undefined) {
      replyTo = state.messages.get(replyId);
      const allowWithout = asBool(replyParams?.allow_sending_without_reply ?? p.allow_sending_without_reply);
      if (!replyTo && !allowWithout) throw bad('message to be replied not found');
    }
    state.lastMessageId += 1;
    const message: TgMessage = {
      message_id: state.lastMessageId,
      from: this.bot,
      chat: state.chat,
      date: nowSec(),
      ...content,
    };
    if (replyTo) {
      const { reply_to_message: _nested, ...shallow } = replyTo;
      message.reply_to_message = shallow;
    }
    if (markup) message.reply_markup = markup;
    state.messages.set(message.message_id, message);
    return clone(message);
  }
}

function entitiesField<K extends string>(
  key: K,
  formatted: FormattedText,
): Partial<Record<K, TgMessageEntity[]>> {
  return formatted.entities.length ? ({ [key]: formatted.entities } as Record<K, TgMessageEntity[]>) : {};
}

function setOptional<T extends object>(target: T, key: keyof T & string, value: unknown): void {
  if (value === undefined) delete target[key];
  else (target as Record<string, unknown>)[key] = value;
}

function sameJson(a: unknown, b: unknown): boolean {
  const normalize = (value: unknown): string =>
    JSON.stringify(value, (_key, v: unknown) => (Array.isArray(v) && v.length === 0 ? undefined : v)) ??
    'null';
  return normalize(a) === normalize(b);
}

function commandsKey(p: Params): string {
  const scope = (p.scope as { type?: string } | undefined)?.type ?? 'default';
  return `${scope}:${String(p.language_code ?? '')}`;
}
