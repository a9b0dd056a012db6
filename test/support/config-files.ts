import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import type { ConfigFiles } from '../../src/config/load-config.js';

/** The shipped example settings, as a plain object to modify in a test. */
export function exampleSettings(): Record<string, unknown> {
  return parse(readFileSync(new URL('../../config.example.yaml', import.meta.url), 'utf8'));
}

/** In-memory files for loadConfig: `{ 'config.yaml': '...' }`; objects are written as YAML. */
export function memoryFiles(files: Record<string, string | object>): ConfigFiles {
  const text = (value: string | object) => (typeof value === 'string' ? value : stringify(value));
  return {
    exists: (path) => path in files,
    read: (path) => {
      const value = files[path];
      if (value === undefined) throw new Error(`no file ${path}`);
      return text(value);
    },
  };
}

/** Environment with valid credentials for both platforms. */
export const validEnv = (
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> => ({
  TELEGRAM_BOT_TOKEN: '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw',
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-abcdef',
  SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
  ...overrides,
});
