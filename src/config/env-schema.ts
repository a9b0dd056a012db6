import { z } from 'zod';

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const httpUrl = z.url({ protocol: /^https?$/, error: 'is not an http(s) URL' });

/** Environment variables: secrets and endpoints. Everything an operator tunes lives in `CONFIG_FILE`. */
/** Cross-field checks run even when a field is invalid, so every problem is listed at once. */
const alwaysCheck = { when: () => true };

/** Environment variables: secrets and endpoints. Everything an operator tunes lives in `CONFIG_FILE`. */
export const envSchema = z
  .object({
    MONGODB_URI: optional(
      z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://'),
    ),
    TELEGRAM_BOT_TOKEN: optional(
      z
        .string()
        .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'does not look like a bot token from @BotFather (123456:ABC…)'),
    ),
    TELEGRAM_API_ROOT: optional(httpUrl).transform((url) => url ?? 'https://api.telegram.org'),
    TELEGRAM_WEBHOOK_URL: optional(httpUrl),
    TELEGRAM_WEBHOOK_SECRET: optional(
      z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -'),
    ),
    SLACK_BOT_TOKEN: optional(z.string().regex(/^xoxb-[A-Za-z0-9-]+$/, 'is not a bot token (xoxb-…)')),
    SLACK_SIGNING_SECRET: optional(z.string().regex(/^[A-Za-z0-9]{16,}$/, 'is not a Slack signing secret')),
    SLACK_API_URL: optional(httpUrl).transform((url) => {
      const value = url ?? 'https://slack.com/api/';
      return value.endsWith('/') ? value : `${value}/`;
    }),
    PORT: optional(
      z.coerce.number({ error: 'must be a port number (0-65535)' }).int().min(0).max(65535),
    ).transform((port) => port ?? 3000),
    CONFIG_FILE: optional(z.string()),
    LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])).transform(
      (level) => level ?? 'info',
    ),
    DATA_DIR: optional(z.string()).transform((dir) => dir ?? './data'),
    RUN_JOBS: optional(z.enum(['true', 'false'], { error: 'must be true or false' })).transform(
      (value) => value !== 'false',
    ),
  })
  .superRefine((env, ctx) => {
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_SECRET'],
        message:
          'is required when TELEGRAM_WEBHOOK_URL is set (Telegram echoes it so forged updates are refused)',
      });
    }
    if (env.TELEGRAM_WEBHOOK_SECRET && !env.TELEGRAM_WEBHOOK_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_URL'],
        message: 'is required when TELEGRAM_WEBHOOK_SECRET is set (or unset both for long polling)',
      });
    }
  }, alwaysCheck);

export type Env = z.output<typeof envSchema>;
