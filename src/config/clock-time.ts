import { z } from 'zod';

/** A wall-clock time `HH:MM` (24-hour) in the configured time zone, read as minutes after midnight. */
export const clockTimeSchema = z.string().transform((text, ctx) => {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!match) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a time of day; write HH:MM, e.g. "08:30"` });
    return z.NEVER;
  }
  return Number(match[1]) * 60 + Number(match[2]);
});
