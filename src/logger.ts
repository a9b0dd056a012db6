import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Paths never written to logs: secrets, and owners' phone numbers in full. */
const REDACT = [
  '*.token',
  '*.botToken',
  '*.signingSecret',
  '*.secret',
  '*.password',
  '*.authorization',
  '*.phone',
  '*.phoneNumber',
  '*.phone_number',
  'headers.authorization',
  'headers["x-slack-signature"]',
  'headers["x-telegram-bot-api-secret-token"]',
];

/**
 * The root logger: JSON lines on stdout (or `destination`), one child per component
 * (`logger.child({ component: 'slack' })`).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'concierge' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** Masks a phone number for logs and staff views that need no more than its last digits: `+86******1234`. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const prefix = digits.startsWith('+') ? digits.slice(0, 3) : '';
  return prefix + '*'.repeat(digits.length - prefix.length - 4) + digits.slice(-4);
}
