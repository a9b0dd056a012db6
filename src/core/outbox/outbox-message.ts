import type { Specialty } from '../taxonomy.js';

/** An inline keyboard button for Telegram: a label and its callback data (≤ 64 bytes). */
export interface TelegramButton {
  text: string;
  data: string;
}

/** A contact-sharing reply keyboard for registration, or the removal of it once answered. */
export type TelegramContactKeyboard = { kind: 'contact'; button: string } | { kind: 'remove' };

/**
 * Something to deliver, written durably before it is sent and sent at most once.
 * `key` is deterministic (derived from what caused it), so enqueueing the same effect twice is harmless.
 * Messages with the same `orderKey` are delivered in the order they were enqueued.
 */
export type OutboxMessage =
  | {
      key: string;
      kind: 'telegram.message';
      chatId: number;
      /** Plain text: never parsed as markup. Longer than 4096 characters is split. */
      text: string;
      buttons?: TelegramButton[][];
      keyboard?: TelegramContactKeyboard;
      /** Ask the owner's client to show a reply box (registration questions). */
      forceReply?: boolean;
      /** The ticket this concerns; a refusal by Telegram is reported in its Slack thread. */
      ticketId?: string;
      /** Hold until then (quiet hours). */
      notBefore?: Date;
    }
  | {
      key: string;
      kind: 'slack.card';
      ticketId: string;
      /** Department channel to post a new card in; the card is rendered from the ticket at send time. */
      department: Specialty;
    }
  | {
      key: string;
      kind: 'slack.card-update';
      ticketId: string;
    }
  | {
      key: string;
      kind: 'slack.thread';
      ticketId: string;
      /** mrkdwn text; anything from an owner in it must already be escaped. */
      text: string;
      blocks?: unknown[];
      /** Telegram file to copy into the thread (owner photos, documents). */
      file?: { fileId: string; fileName: string; title: string };
    }
  | {
      key: string;
      kind: 'slack.message';
      channel: string;
      text: string;
      blocks?: unknown[];
      ticketId?: string;
    };

export type OutboxKind = OutboxMessage['kind'];

/** The order in which messages must reach their destination: one ticket's Slack posts, one owner's chat. */
export function orderKeyOf(message: OutboxMessage): string {
  switch (message.kind) {
    case 'telegram.message':
      return `telegram:${message.chatId}`;
    case 'slack.card':
    case 'slack.card-update':
    case 'slack.thread':
      return `slack-ticket:${message.ticketId}`;
    case 'slack.message':
      return `slack-channel:${message.channel}`;
  }
}
