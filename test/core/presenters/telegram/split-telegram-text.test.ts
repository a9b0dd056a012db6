import { describe, expect, it } from '@jest/globals';
import { splitTelegramText } from '../../../../src/core/presenters/telegram/split-telegram-text.js';

const hasLoneSurrogate = (text: string): boolean =>
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

describe('splitTelegramText', () => {
  it('keeps a text that fits in one part as it is', () => {
    expect(splitTelegramText('Hello\n\nworld')).toEqual(['Hello\n\nworld']);
  });

  it('keeps a text of exactly the limit in one part and splits one character more', () => {
    expect(splitTelegramText('a'.repeat(4096))).toEqual(['a'.repeat(4096)]);
    const parts = splitTelegramText('a'.repeat(4097));
    expect(parts.map((p) => p.length)).toEqual([4096, 1]);
  });

  it('returns no parts for an empty or blank text', () => {
    expect(splitTelegramText('')).toEqual([]);
    expect(splitTelegramText(' \n\n ')).toEqual([]);
  });

  it('prefers a paragraph break, then a line break, then a space', () => {
    expect(splitTelegramText('aaaaaaa\nbb\n\ncc dd', 12)).toEqual(['aaaaaaa\nbb', 'cc dd']);
    expect(splitTelegramText('aaaaaaa bb\ncc dd', 12)).toEqual(['aaaaaaa bb', 'cc dd']);
    expect(splitTelegramText('aaaaaaa bb cc dd', 12)).toEqual(['aaaaaaa bb', 'cc dd']);
  });

  it('keeps every part within 4096 characters and loses no words', () => {
    const paragraph = `${'word '.repeat(300).trim()}\n${'line '.repeat(200).trim()}`;
    const text = Array.from({ length: 12 }, () => paragraph).join('\n\n');
    const parts = splitTelegramText(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(part.length).toBeGreaterThan(0);
    }
    expect(parts.join(' ').split(/\s+/)).toEqual(text.split(/\s+/));
  });

  it('cuts a word longer than the limit without losing characters', () => {
    const word = 'x'.repeat(10_000);
    const parts = splitTelegramText(word);
    expect(parts.map((p) => p.length)).toEqual([4096, 4096, 1808]);
    expect(parts.join('')).toBe(word);
  });

  it('never breaks an emoji surrogate pair at the boundary', () => {
    const text = `${'a'.repeat(4095)}😀${'b'.repeat(10)}`;
    const parts = splitTelegramText(text);
    expect(parts[0]).toBe('a'.repeat(4095));
    expect(parts[1]).toBe(`😀${'b'.repeat(10)}`);
    for (const part of parts) expect(hasLoneSurrogate(part)).toBe(false);
  });

  it('keeps emoji sequences whole when cutting a long run of emoji', () => {
    const family = '👨‍👩‍👧';
    const thumbs = '👍🏽';
    const text = `${family}${thumbs}`.repeat(700);
    const parts = splitTelegramText(text, 100);
    expect(parts.join('')).toBe(text);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(100);
      expect(part.startsWith(family) || part.startsWith(thumbs)).toBe(true);
      expect(hasLoneSurrogate(part)).toBe(false);
    }
  });

  it('splits Chinese text without spaces inside the limit', () => {
    const text = '电梯停在十二楼不动了，里面有人。'.repeat(400);
    const parts = splitTelegramText(text);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts.join('')).toBe(text);
  });
});
