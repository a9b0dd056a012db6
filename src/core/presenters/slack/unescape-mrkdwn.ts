/**
 * Reverses Slack's encoding of message text typed by a person (`&amp;`, `&lt;`, `&gt;`), e.g. before relaying a
 * thread reply to an owner. Mentions and links (`<@U123>`, `<https://…|label>`) are left as they are.
 */
export function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
