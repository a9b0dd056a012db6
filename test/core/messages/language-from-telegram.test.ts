import { describe, expect, it } from '@jest/globals';
import { languageFromTelegram } from '../../../src/core/messages/language-from-telegram.js';

describe('languageFromTelegram', () => {
  it.each(['zh', 'zh-hans', 'zh-CN', 'zh-hant', 'ZH_tw'])('reads %s as Chinese', (code) => {
    expect(languageFromTelegram(code, 'en')).toBe('zh');
  });

  it.each(['en', 'en-GB', 'en-us'])('reads %s as English', (code) => {
    expect(languageFromTelegram(code, 'zh')).toBe('en');
  });

  it.each([undefined, '', 'ru', 'fr-FR', 'zhx'])('falls back for %p', (code) => {
    expect(languageFromTelegram(code, 'zh')).toBe('zh');
    expect(languageFromTelegram(code, 'en')).toBe('en');
  });
});
