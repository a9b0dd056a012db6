import { DateTime } from 'luxon';

/** Days of the week as the settings spell them; index + 1 is luxon's ISO weekday (Monday = 1). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A weekly span: on `days`, from `start` to `end` (minutes after midnight); `end < start` runs past midnight. */
export interface WeeklySpan {
  days: readonly Weekday[];
  start: number;
  end: number;
}

/** An on-duty shift of the roster: a weekly span with the Slack user on duty. */
export interface OnDutyShift extends WeeklySpan {
  user: string;
}

/** A span may be written "00:00–23:59" for a whole day: 23:59 as an end means the end of the day. */
const endOf = (end: number) => (end === 23 * 60 + 59 ? 24 * 60 : end);

const local = (date: Date, timeZone: string) => DateTime.fromJSDate(date, { zone: timeZone });

const weekdayOf = (dt: DateTime): Weekday => WEEKDAYS[dt.weekday - 1]!;

/**
 * The local end of the occurrence of `span` that covers `date`, or undefined when `span` does not cover it.
 * An overnight span started on a listed day covers the small hours of the next day.
 */
function coveringEnd(span: WeeklySpan, date: Date, timeZone: string): DateTime | undefined {
  const dt = local(date, timeZone);
  const minute = dt.hour * 60 + dt.minute;
  const end = endOf(span.end);
  const today = weekdayOf(dt);
  const midnight = dt.startOf('day');
  if (span.start < end) {
    if (span.days.includes(today) && minute >= span.start && minute < end)
      return midnight.plus({ minutes: end });
    return undefined;
  }
  if (span.days.includes(today) && minute >= span.start)
    return midnight.plus({ days: 1 }).plus({ minutes: end });
  const yesterday = weekdayOf(dt.minus({ days: 1 }));
  if (span.days.includes(yesterday) && minute < end) return midnight.plus({ minutes: end });
  return undefined;
}

/** Whether `date` falls in one of the weekly `spans`, read in `timeZone`. */
export function isWithinHours(date: Date, spans: readonly WeeklySpan[], timeZone: string): boolean {
  return spans.some((span) => coveringEnd(span, date, timeZone) !== undefined);
}

/**
 * When the hours that cover `date` end (following spans that join up, e.g. 08:00–12:00 then 12:00–18:00);
 * undefined when `date` is outside them. Hours that never end (round the clock) give undefined too.
 */
export function nextClosing(date: Date, spans: readonly WeeklySpan[], timeZone: string): Date | undefined {
  let at = date;
  for (let hop = 0; hop < 16; hop++) {
    const ends = spans
      .map((span) => coveringEnd(span, at, timeZone))
      .filter((end): end is DateTime => end !== undefined);
    if (ends.length === 0) return hop === 0 ? undefined : at;
    at = new Date(Math.max(...ends.map((end) => end.toMillis())));
  }
  return undefined;
}

/** The Slack users on duty at `date`: those whose roster shift covers it, in roster order, each once. */
export function onDutyAt(roster: readonly OnDutyShift[], date: Date, timeZone: string): string[] {
  return [
    ...new Set(roster.filter((shift) => coveringEnd(shift, date, timeZone) !== undefined).map((s) => s.user)),
  ];
}

/**
 * When a notice held for quiet hours may go out: the end of the quiet hours `now` falls in, or undefined when
 * `now` is not in quiet hours. Quiet hours are daily; `end < start` runs past midnight (21:30–08:00).
 */
export function quietHoursRelease(
  now: Date,
  quietHours: { start: number; end: number },
  timeZone: string,
): Date | undefined {
  const end = coveringEnd({ days: WEEKDAYS, start: quietHours.start, end: quietHours.end }, now, timeZone);
  return end?.toJSDate();
}
