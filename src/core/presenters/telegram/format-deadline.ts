import { DateTime } from 'luxon';
import type { Language } from '../../taxonomy.js';

const WEEKDAYS: Record<Language, readonly string[]> = {
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  zh: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
};
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * When an owner can expect an answer, in words, read in the estate's time zone: within the hour as minutes
 * ("within 5 minutes", "5 分钟内"), otherwise a clock time today, tomorrow or on a date
 * ("by 14:30 today", "by 09:00 tomorrow", "by Mon 7 Dec, 09:00"; "今天 14:30 前", "明天 09:00 前",
 * "12月7日（周一）09:00 前"). A deadline already past reads "as soon as possible" ("尽快").
 */
export function formatExpectBy(input: {
  deadline: Date;
  now: Date;
  timeZone: string;
  language: Language;
}): string {
  const { language } = input;
  const remaining = input.deadline.getTime() - input.now.getTime();
  if (remaining <= 0) return language === 'zh' ? '尽快' : 'as soon as possible';
  if (remaining < 3_600_000) {
    const minutes = Math.max(1, Math.ceil(remaining / 60_000));
    if (minutes < 60) {
      if (language === 'zh') return `${minutes} 分钟内`;
      return `within ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
    }
  }
  const deadline = DateTime.fromJSDate(input.deadline, { zone: input.timeZone });
  const today = DateTime.fromJSDate(input.now, { zone: input.timeZone }).startOf('day');
  const time = deadline.toFormat('HH:mm');
  const days = Math.round(deadline.startOf('day').diff(today, 'days').days);
  if (days === 0) return language === 'zh' ? `今天 ${time} 前` : `by ${time} today`;
  if (days === 1) return language === 'zh' ? `明天 ${time} 前` : `by ${time} tomorrow`;
  const weekday = WEEKDAYS[language][deadline.weekday - 1];
  const otherYear = deadline.year !== today.year;
  if (language === 'zh') {
    return `${otherYear ? `${deadline.year}年` : ''}${deadline.month}月${deadline.day}日（${weekday}）${time} 前`;
  }
  const year = otherYear ? ` ${deadline.year}` : '';
  return `by ${weekday} ${deadline.day} ${MONTHS_EN[deadline.month - 1]}${year}, ${time}`;
}
