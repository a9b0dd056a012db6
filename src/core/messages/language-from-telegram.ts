import type { Language } from '../taxonomy.js';

/**
 * The catalogue language for a Telegram `language_code` (an IETF tag such as `zh-hans`, `zh-CN`, `en-GB`):
 * any Chinese tag gives `zh`, any English tag `en`, anything else (or none) `fallback`.
 */
export function languageFromTelegram(languageCode: string | undefined, fallback: Language): Language {
  const primary = languageCode?.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'zh') return 'zh';
  if (primary === 'en') return 'en';
  return fallback;
}
