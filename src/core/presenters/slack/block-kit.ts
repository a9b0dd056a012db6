/** A Block Kit plain-text object. */
export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

/** A Block Kit mrkdwn text object; anything from an owner in `text` must be escaped. */
export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
}

/** A Block Kit block, typed loosely: core code builds plain objects and never imports the Slack SDK. */
export interface Block {
  type: string;
  block_id?: string;
  [field: string]: unknown;
}

/** A modal view as `views.open` takes it. */
export interface ModalView {
  type: 'modal';
  callback_id: string;
  private_metadata: string;
  title: PlainText;
  submit: PlainText;
  close: PlainText;
  blocks: Block[];
}

/** Plain text, cut to `max` characters. */
export const plainText = (text: string, max = 3000): PlainText => ({
  type: 'plain_text',
  text: text.length > max ? `${text.slice(0, max - 1)}…` : text,
  emoji: true,
});

/** A mrkdwn text object. */
export const mrkdwn = (text: string): MrkdwnText => ({ type: 'mrkdwn', text });
