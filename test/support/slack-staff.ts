import type { SlackMessage } from './fakes/fake-slack.js';
import {
  buildBlockAction,
  buildEventCallback,
  buildMessageEvent,
  buildViewSubmission,
} from './fakes/slack-requests.js';
import type { TestService } from './start-test-service.js';

/** The ticket id a card's buttons carry. */
export function ticketIdOf(card: SlackMessage): string {
  const match = JSON.stringify(card.blocks).match(/"value":"([0-9a-f]{24})"/);
  if (!match) throw new Error(`no ticket id on card ${card.ts}: ${JSON.stringify(card.blocks)}`);
  return match[1]!;
}

/** A staff member clicking a card's button (or choosing from a select with `selected`). */
export function click(
  t: TestService,
  input: { user: string; card: SlackMessage; action: string; selected?: string },
) {
  const ticketId = ticketIdOf(input.card);
  const action = input.selected
    ? {
        action_id: input.action,
        block_id: `ticket.actions:${ticketId}`,
        type: 'static_select',
        selected_option: { value: input.selected, text: { type: 'plain_text', text: input.selected } },
      }
    : { action_id: input.action, value: ticketId };
  return t.postToSlack(
    buildBlockAction(
      {
        user: { id: input.user },
        channel: { id: input.card.channel },
        message: { ts: input.card.ts },
        container: { type: 'message', channel_id: input.card.channel, message_ts: input.card.ts },
        actions: [action],
      },
      { slack: t.slack },
    ),
  );
}

/** Clicks a modal button on the card, waits for the modal, and submits it with `text`. */
export async function submitModal(
  t: TestService,
  input: { user: string; card: SlackMessage; action: string; block: string; text: string },
) {
  const before = t.slack.callsTo('views.open').length;
  const clicked = await click(t, input);
  if (clicked.status !== 200) throw new Error(`click answered ${clicked.status}`);
  await t.slack.waitFor(() => t.slack.callsTo('views.open').length > before, { timeoutMs: 5000 });
  const opened = t.slack.callsTo('views.open').at(-1)!;
  const view = opened.response.view as { id: string; callback_id: string; private_metadata: string };
  return t.postToSlack(
    buildViewSubmission(
      {
        user: { id: input.user },
        view: {
          id: view.id,
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          state: { values: { [input.block]: { text: { type: 'plain_text_input', value: input.text } } } },
        },
      },
      { slack: t.slack },
    ),
  );
}

/** A person replying in a card's thread, as Slack's Events API delivers it. */
export function threadReply(t: TestService, input: { user: string; card: SlackMessage; text: string }) {
  const { ts } = t.slack.simulateUserMessage({
    channel: input.card.channel,
    user: input.user,
    text: input.text,
    thread_ts: input.card.ts,
  });
  return t.postToSlack(
    buildEventCallback(
      buildMessageEvent({
        channel: input.card.channel,
        user: input.user,
        text: input.text,
        ts,
        thread_ts: input.card.ts,
      }),
    ),
  );
}

/** The top-level card posted in `channel` whose text mentions `number`. */
export function cardIn(t: TestService, channel: string, number: string): SlackMessage | undefined {
  return t.slack
    .posts(channel)
    .find((m) => (!m.thread_ts || m.thread_ts === m.ts) && m.text.includes(number));
}

/** An owner reports in Telegram; resolves with the ticket number and its card once the card's thread has begun. */
export async function reportAndWaitForCard(
  t: TestService,
  owner: {
    sendText(text: string): unknown;
    waitForMessage(text: RegExp, options?: { timeoutMs?: number }): Promise<{ text?: string }>;
  },
  text: string,
  channel: string,
): Promise<{ number: string; card: SlackMessage }> {
  owner.sendText(text);
  const receipt = await owner.waitForMessage(/[A-Z]-\d+/, { timeoutMs: 10_000 });
  const number = /([A-Z]-\d+)/.exec(receipt.text ?? '')![1]!;
  const card = await t.slack.waitForPost(channel, new RegExp(number), { timeoutMs: 10_000 });
  await t.slack.waitFor(() => t.slack.threadOf(channel, card.ts).length > 0, { timeoutMs: 10_000 });
  return { number, card };
}

/** A factory of simulated owners with distinct Telegram ids starting at `firstId`. */
export function ownerFactory(t: () => TestService, firstId: number) {
  let next = firstId;
  return (language_code = 'en') => t().telegram.user({ id: next++, first_name: 'Owner', language_code });
}
