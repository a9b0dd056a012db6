/**
 * Makes text safe to place in Slack mrkdwn: `&`, `<` and `>` become `&amp;`, `&lt;` and `&gt;`, and nothing
 * else changes, so owner text can never ping a channel (`<!channel>`), mention someone or disguise a link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
