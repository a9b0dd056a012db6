import { z } from 'zod';

/** A Slack conversation ID (public `C…`, private `G…`). */
export const slackChannelIdSchema = z
  .string()
  .regex(
    /^[CG][A-Z0-9]{6,}$/,
    'is not a Slack channel ID (like "C0123ABCD"); copy it from the channel details',
  );

/** A Slack user ID (`U…` or, in Enterprise Grid, `W…`). */
export const slackUserIdSchema = z
  .string()
  .regex(/^[UW][A-Z0-9]{6,}$/, 'is not a Slack user ID (like "U0123ABCD"); copy it from the member profile');
