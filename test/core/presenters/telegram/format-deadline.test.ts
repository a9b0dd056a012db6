import { describe, expect, it } from '@jest/globals';
import { formatExpectBy } from '../../../../src/core/presenters/telegram/format-deadline.js';

const minutes = (n: number): number => n * 60_000;

describe('formatExpectBy in Asia/Shanghai', () => {
  // 10:00 on Saturday 5 December 2026 in Shanghai.
  const now = new Date('2026-12-05T02:00:00Z');
  const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);
  const format = (deadline: Date, language: 'en' | 'zh') =>
    formatExpectBy({ deadline, now, timeZone: 'Asia/Shanghai', language });

  it('counts minutes within the hour', () => {
    expect(format(at(minutes(5)), 'en')).toBe('within 5 minutes');
    expect(format(at(minutes(5)), 'zh')).toBe('5 分钟内');
    expect(format(at(30_000), 'en')).toBe('within 1 minute');
    expect(format(at(minutes(59)), 'en')).toBe('within 59 minutes');
  });

  it('gives a clock time today', () => {
    expect(format(at(minutes(270)), 'en')).toBe('by 14:30 today');
    expect(format(at(minutes(270)), 'zh')).toBe('今天 14:30 前');
  });

  it('gives a clock time tomorrow', () => {
    expect(format(at(minutes(23 * 60)), 'en')).toBe('by 09:00 tomorrow');
    expect(format(at(minutes(23 * 60)), 'zh')).toBe('明天 09:00 前');
  });

  it('gives the weekday and date further ahead', () => {
    expect(format(at(minutes(47 * 60)), 'en')).toBe('by Mon 7 Dec, 09:00');
    expect(format(at(minutes(47 * 60)), 'zh')).toBe('12月7日（周一）09:00 前');
  });

  it('names the year when the deadline is in the next one', () => {
    const deadline = new Date('2027-01-04T01:00:00Z');
    expect(format(deadline, 'en')).toBe('by Mon 4 Jan 2027, 09:00');
    expect(format(deadline, 'zh')).toBe('2027年1月4日（周一）09:00 前');
  });

  it('asks for patience without a time when the deadline has passed', () => {
    expect(format(at(-minutes(1)), 'en')).toBe('as soon as possible');
    expect(format(at(-minutes(1)), 'zh')).toBe('尽快');
  });
});

describe('formatExpectBy in Europe/London', () => {
  it('reads today and tomorrow in the estate zone, not in UTC', () => {
    // 23:30 on 31 July in London (BST, UTC+1) is 22:30 UTC.
    const now = new Date('2026-07-31T22:30:00Z');
    const deadline = new Date('2026-08-01T00:45:00Z');
    expect(formatExpectBy({ deadline, now, timeZone: 'Europe/London', language: 'en' })).toBe(
      'by 01:45 tomorrow',
    );
    expect(formatExpectBy({ deadline, now, timeZone: 'Europe/London', language: 'zh' })).toBe(
      '明天 01:45 前',
    );
  });

  it('keeps the day right across the change to winter time', () => {
    // Sunday 25 October 2026: clocks go back at 02:00 BST.
    const now = new Date('2026-10-24T20:00:00Z');
    const deadline = new Date('2026-10-26T09:00:00Z');
    expect(formatExpectBy({ deadline, now, timeZone: 'Europe/London', language: 'en' })).toBe(
      'by Mon 26 Oct, 09:00',
    );
    expect(formatExpectBy({ deadline, now, timeZone: 'Europe/London', language: 'zh' })).toBe(
      '10月26日（周一）09:00 前',
    );
  });
});
