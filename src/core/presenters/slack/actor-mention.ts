import { escapeMrkdwn } from './escape-mrkdwn.js';

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** Who did something, for mrkdwn: a Slack user as a mention, `owner` and `system` in words. */
export function actorMention(by: string): string {
  if (SLACK_USER_ID.test(by)) return `<@${by}>`;
  if (by === 'owner') return 'the owner';
  if (by === 'system') return 'the system';
  return escapeMrkdwn(by);
}
