import { type Logger, LogLevel } from '@slack/web-api';

/** A Slack client logger that prints nothing (Bolt and web-api log every retry and rate limit). */
export const quietSlackLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};
