import { DateTime } from 'luxon';
import type { Language } from '../taxonomy.js';

/** When a ticket was created, short, in the owner's language and the estate's zone: "3 Dec 14:30" / "12月3日 14:30". */
export function formatCreatedAt(date: Date, timeZone: string, language: Language): string {
  const at = DateTime.fromJSDate(date, { zone: timeZone });
  return language === 'zh' ? at.toFormat('M月d日 HH:mm') : at.setLocale('en-GB').toFormat('d LLL HH:mm');
}
