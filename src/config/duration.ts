import ms, { type StringValue } from 'ms';
import { z } from 'zod';

/**
 * A human duration such as `"90s"`, `"10m"`, `"4h"` or `"3d"`, read as milliseconds.
 * Bare numbers are refused: an operator writing `30` could mean seconds or minutes.
 */
export const durationSchema = z.string().transform((text, ctx) => {
  const trimmed = text.trim();
  const value = /^\d+(\.\d+)?\s*[a-z]+$/i.test(trimmed) ? ms(trimmed as StringValue) : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    ctx.addIssue({
      code: 'custom',
      message: `"${text}" is not a duration; write a number and a unit, e.g. "90s", "10m", "4h", "3d"`,
    });
    return z.NEVER;
  }
  return value;
});
