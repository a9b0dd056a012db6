import { describe, expect, it } from '@jest/globals';
import {
  CALLBACK_DATA_MAX_BYTES,
  type CallbackData,
  encodeCallbackData,
  parseCallbackData,
} from '../../../../src/core/presenters/telegram/callback-data.js';

const examples: [string, CallbackData][] = [
  ['fu:p1:M-1042', { kind: 'follow-up', pendingId: 'p1', choice: 'attach', ticketNumber: 'M-1042' }],
  ['fu:p1:new', { kind: 'follow-up', pendingId: 'p1', choice: 'new' }],
  ['rv:M-1042:5', { kind: 'return-visit', ticketNumber: 'M-1042', answer: 5 }],
  ['rv:M-1042:nf', { kind: 'return-visit', ticketNumber: 'M-1042', answer: 'not-fixed' }],
];

describe('callback data', () => {
  it.each(examples)('encodes and parses %s', (encoded, data) => {
    expect(encodeCallbackData(data)).toBe(encoded);
    expect(parseCallbackData(encoded)).toEqual(data);
  });

  it('fits the longest ids in 64 bytes', () => {
    const data: CallbackData = {
      kind: 'follow-up',
      pendingId: 'p'.repeat(32),
      choice: 'attach',
      ticketNumber: `M-${'9'.repeat(18)}`,
    };
    const encoded = encodeCallbackData(data);
    expect(Buffer.byteLength(encoded, 'utf8')).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
    expect(parseCallbackData(encoded)).toEqual(data);
  });

  it('refuses to encode ids that would not parse back', () => {
    expect(() => encodeCallbackData({ kind: 'follow-up', pendingId: 'has:colon', choice: 'new' })).toThrow(
      RangeError,
    );
    expect(() =>
      encodeCallbackData({ kind: 'follow-up', pendingId: 'p1', choice: 'attach', ticketNumber: 'new' }),
    ).toThrow(RangeError);
    expect(() => encodeCallbackData({ kind: 'return-visit', ticketNumber: 'M-1', answer: 7 as 5 })).toThrow(
      RangeError,
    );
    expect(() => encodeCallbackData({ kind: 'follow-up', pendingId: 'p'.repeat(33), choice: 'new' })).toThrow(
      RangeError,
    );
  });

  it.each([
    undefined,
    '',
    'fu',
    'fu:p1',
    'fu::new',
    'fu:p1:new:extra',
    'fu:p 1:new',
    'fu:p1:维修',
    'rv:M-1042:0',
    'rv:M-1042:6',
    'rv:M-1042:',
    'rv:new:5',
    'xx:p1:new',
    `fu:${'p'.repeat(70)}:new`,
    '{"kind":"follow-up"}',
  ])('rejects %p', (data) => {
    expect(parseCallbackData(data)).toBeUndefined();
  });
});
