import type { Specialty, Urgency } from '../../taxonomy.js';
import type { OwnerField } from '../../tickets/owner.js';
import type { Attachment, Ticket } from '../../tickets/ticket.js';
import { actorMention } from './actor-mention.js';
import { attachmentSummary } from './attachment-summary.js';
import { escapeMrkdwn } from './escape-mrkdwn.js';
import { escapedExcerpt } from './escaped-excerpt.js';
import { slackDate } from './slack-date.js';
import { staffLabels } from './staff-labels.js';

/** Thread posts stay well below Slack's 40,000-character message limit. */
const THREAD_TEXT_LIMIT = 12_000;

/** Owner or staff text, escaped and block-quoted line by line. */
const quote = (text: string, max = THREAD_TEXT_LIMIT): string =>
  escapedExcerpt(text, max)
    .text.split('\n')
    .map((line) => `>${line}`)
    .join('\n');

/** The first message in a ticket's thread: how notes and replies to the owner work. */
export const threadIntro = (): string =>
  '🧵 Replies in this thread are *internal notes*: the owner does not see them.\n' +
  'To write to the owner, use *Reply to owner* on the card, or start a reply with `to owner:` ' +
  '(or `给业主：`), e.g. `to owner: The plumber will come at 3 pm.`';

/** Marks in the thread what the owner was sent, and by whom. */
export const relayedToOwner = (input: { staffUserId: string; text: string }): string =>
  `📨 Sent to the owner by ${actorMention(input.staffUserId)}:\n${quote(input.text)}`;

/** A later message from the owner, attached to the ticket. */
export function ownerFollowUp(input: { text: string; attachments: readonly Attachment[] }): string {
  const files = attachmentSummary(input.attachments);
  const filesLine = files ? `📎 ${files}` : '';
  if (!input.text.trim()) return `💬 *The owner added:* ${filesLine || '_(nothing readable)_'}`;
  return `💬 *The owner added:*\n${quote(input.text)}${filesLine ? `\n${filesLine}` : ''}`;
}

/** The owner's full message, for a card that had to shorten it. */
export const ownerMessageInFull = (input: { text: string }): string =>
  `📝 *The owner's message in full:*\n${quote(input.text)}`;

/** The owner edited a message that is part of the ticket. */
export const ownerEdited = (input: { text: string }): string =>
  `✏️ *The owner edited their message. It now reads:*\n${quote(input.text)}`;

/** Telegram would not deliver a message to the owner. */
export const telegramRefused = (input: { description: string }): string =>
  `⚠️ Telegram refused the message to the owner: ${escapeMrkdwn(input.description)}. ` +
  'They may have blocked the bot; try the phone number on the card.';

const fileName = (attachment: Attachment): string =>
  attachment.fileName ? `: ${escapedExcerpt(attachment.fileName, 200).text}` : '';

/** The text of a thread post that carries one of the owner's attachments. */
export function ownerMessageAttachment(attachment: Attachment): string {
  switch (attachment.kind) {
    case 'photo':
      return '📷 Photo from the owner';
    case 'document':
      return `📄 Document from the owner${fileName(attachment)}`;
    case 'voice':
      return '🎤 Voice message from the owner';
    case 'video':
      return `🎬 Video from the owner${fileName(attachment)}`;
    case 'audio':
      return `🎵 Audio from the owner${fileName(attachment)}`;
    case 'location':
      return `The owner shared a location: ${attachmentSummary([attachment])}`;
    case 'contact':
      return '👤 The owner shared a contact';
    case 'sticker':
      return 'The owner sent a sticker';
  }
}

/** Ephemeral answer to a button for something already done: who did it and when. */
export function actionAlreadyDone(input: { ticket: Ticket; timeZone: string }): string {
  const { ticket, timeZone } = input;
  const when = (at: Date): string => slackDate(at, timeZone);
  switch (ticket.status) {
    case 'acknowledged':
      return ticket.acknowledged
        ? `Already acknowledged by ${actorMention(ticket.acknowledged.by)} ${when(ticket.acknowledged.at)}.`
        : `${ticket.number} is already acknowledged.`;
    case 'resolved':
      return ticket.resolved
        ? `Already resolved by ${actorMention(ticket.resolved.by)} ${when(ticket.resolved.at)}.`
        : `${ticket.number} is already resolved.`;
    case 'unresolvable':
      return ticket.unresolvable
        ? `Already marked as cannot be solved by ${actorMention(ticket.unresolvable.by)} ${when(ticket.unresolvable.at)}.`
        : `${ticket.number} is already marked as cannot be solved.`;
    case 'closed':
      return `${ticket.number} is closed; nothing more can be done on it.`;
    case 'new':
    case 'reopened':
      return `${ticket.number} is ${staffLabels.status[ticket.status].toLowerCase()} and waiting to be acknowledged; the card shows what can be done now.`;
  }
}

/** Ephemeral refusal for someone outside the ticket's department. */
export const notAllowed = (input: { department: Specialty }): string =>
  `Sorry, only ${staffLabels.specialty[input.department]} staff, supervisors and managers can act on this ticket.`;

/** Thread note: the ticket moved to another department. */
export const reassignedNote = (input: { from: Specialty; to: Specialty; by: string }): string =>
  `↪️ ${actorMention(input.by)} moved this ticket from *${staffLabels.specialty[input.from]}* to *${staffLabels.specialty[input.to]}*.`;

/** Thread note: the urgency changed, with the deadline that now applies. */
export const urgencyChangedNote = (input: {
  from: Urgency;
  to: Urgency;
  by: string;
  newDeadline: Date;
  timeZone: string;
}): string =>
  `${staffLabels.urgencyIcon[input.to]} ${actorMention(input.by)} changed the urgency from ` +
  `*${staffLabels.urgency[input.from]}* to *${staffLabels.urgency[input.to]}*. ` +
  `New deadline: ${slackDate(input.newDeadline, input.timeZone)}.`;

/** Thread note: what the owner's file lacks. */
export const ownerFileIncomplete = (missing: readonly OwnerField[]): string =>
  `⚠️ The owner's file is incomplete: no ${missing.map((field) => staffLabels.ownerField[field]).join(', ')}. ` +
  'Ask for what you need when you reply.';
