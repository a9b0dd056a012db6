import type { ReturnVisitScore } from '../../messages/catalog.js';

/** What an inline button of the bot means when an owner taps it. */
export type CallbackData =
  /** The owner's answer to "does this message belong to ticket X?": attach it to `ticketNumber`. */
  | { kind: 'follow-up'; pendingId: string; choice: 'attach'; ticketNumber: string }
  /** The owner's answer to "does this message belong to ticket X?": it is a new problem. */
  | { kind: 'follow-up'; pendingId: string; choice: 'new' }
  /** The owner's answer to a return visit: a score, or "not fixed". */
  | { kind: 'return-visit'; ticketNumber: string; answer: ReturnVisitScore | 'not-fixed' };

/** Telegram's limit on `callback_data`, in UTF-8 bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

const PENDING_ID = /^[A-Za-z0-9_-]{1,32}$/;
/** Ticket numbers such as `M-1042`: letters, digits and dashes, with at least one digit (so never `new`). */
const TICKET_NUMBER = /^(?=[A-Za-z0-9-]*\d)[A-Za-z0-9-]{1,20}$/;
const SCORES: readonly string[] = ['1', '2', '3', '4', '5'];

/**
 * The `callback_data` of a button: `fu:<pendingId>:<ticketNumber>`, `fu:<pendingId>:new` or
 * `rv:<ticketNumber>:<1-5|nf>`. Throws a `RangeError` for ids that could not be parsed back.
 */
export function encodeCallbackData(data: CallbackData): string {
  let encoded: string;
  if (data.kind === 'follow-up') {
    if (!PENDING_ID.test(data.pendingId)) throw new RangeError(`invalid pending id: ${data.pendingId}`);
    if (data.choice === 'attach' && !TICKET_NUMBER.test(data.ticketNumber)) {
      throw new RangeError(`invalid ticket number: ${data.ticketNumber}`);
    }
    encoded = `fu:${data.pendingId}:${data.choice === 'new' ? 'new' : data.ticketNumber}`;
  } else {
    if (!TICKET_NUMBER.test(data.ticketNumber))
      throw new RangeError(`invalid ticket number: ${data.ticketNumber}`);
    if (data.answer !== 'not-fixed' && !SCORES.includes(String(data.answer))) {
      throw new RangeError(`invalid return-visit answer: ${data.answer}`);
    }
    encoded = `rv:${data.ticketNumber}:${data.answer === 'not-fixed' ? 'nf' : data.answer}`;
  }
  if (Buffer.byteLength(encoded, 'utf8') > CALLBACK_DATA_MAX_BYTES) {
    throw new RangeError(`callback data is longer than ${CALLBACK_DATA_MAX_BYTES} bytes: ${encoded}`);
  }
  return encoded;
}

/** What a button's `callback_data` means; `undefined` for anything this bot did not make. */
export function parseCallbackData(data: string | undefined): CallbackData | undefined {
  if (typeof data !== 'string' || Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX_BYTES) return undefined;
  const [prefix, first, second, ...extra] = data.split(':');
  if (extra.length > 0 || first === undefined || second === undefined) return undefined;
  if (prefix === 'fu' && PENDING_ID.test(first)) {
    if (second === 'new') return { kind: 'follow-up', pendingId: first, choice: 'new' };
    if (TICKET_NUMBER.test(second)) {
      return { kind: 'follow-up', pendingId: first, choice: 'attach', ticketNumber: second };
    }
  }
  if (prefix === 'rv' && TICKET_NUMBER.test(first)) {
    if (second === 'nf') return { kind: 'return-visit', ticketNumber: first, answer: 'not-fixed' };
    if (SCORES.includes(second)) {
      return { kind: 'return-visit', ticketNumber: first, answer: Number(second) as ReturnVisitScore };
    }
  }
  return undefined;
}
