import { DateTime } from 'luxon';

/**
 * A Slack date token, shown in each reader's own time zone, with a fallback written in `timeZone`:
 * `<!date^1700000000^{date_short_pretty} at {time}|Tue 14 Nov at 22:13>`, or with `style: 'time'` just the time.
 */
export function slackDate(date: Date, timeZone: string, style: 'datetime' | 'time' = 'datetime'): string {
  const unix = Math.floor(date.getTime() / 1000);
  const local = DateTime.fromJSDate(date, { zone: timeZone }).setLocale('en-GB');
  if (style === 'time') return `<!date^${unix}^{time}|${local.toFormat('HH:mm')}>`;
  return `<!date^${unix}^{date_short_pretty} at {time}|${local.toFormat("ccc d LLL 'at' HH:mm")}>`;
}
