import { messagesFor } from '../messages/messages-for.js';
import { encodeCallbackData } from '../presenters/telegram/callback-data.js';
import type { Owner } from '../tickets/owner.js';
import type { Ticket } from '../tickets/ticket.js';
import type { ReportContent } from './create-ticket-from-message.js';
import type { IntakeDeps } from './intake-deps.js';
import { ownerNotice } from './owner-notice.js';

const SUMMARY = 60;
const MAX_CHOICES = 3;

/** The id of a held follow-up: the owner's chat and message. */
export const pendingFollowUpId = (chatId: number, messageId: number): string => `${chatId}-${messageId}`;

/**
 * Holds a message from an owner who has open tickets and asks, with inline buttons, whether it belongs to one
 * of them (newest first, at most three) or is a new problem.
 */
export async function askWhichTicket(
  deps: IntakeDeps,
  owner: Owner,
  open: Ticket[],
  message: ReportContent,
): Promise<void> {
  const t = messagesFor(owner.language);
  const id = pendingFollowUpId(message.chatId, message.messageId);
  await deps.followUps.put({
    id,
    ownerId: owner.id,
    chatId: message.chatId,
    messageId: message.messageId,
    text: message.text,
    attachments: message.attachments,
    receivedAt: deps.clock.now(),
  });
  const choices = open.slice(0, MAX_CHOICES);
  const newest = choices[0]!;
  const summary = newest.text.length > SUMMARY ? `${newest.text.slice(0, SUMMARY - 1)}…` : newest.text;
  const pendingId = String(message.messageId);
  await deps.outbox.enqueue([
    ownerNotice(
      `follow-up:${id}:question`,
      owner.chatId,
      t.followUpQuestion({ number: newest.number, summary }),
      {
        buttons: [
          ...choices.map((ticket) => [
            {
              text: t.followUpAttach(ticket.number),
              data: encodeCallbackData({
                kind: 'follow-up',
                pendingId,
                choice: 'attach',
                ticketNumber: ticket.number,
              }),
            },
          ]),
          [
            {
              text: t.followUpNew(),
              data: encodeCallbackData({ kind: 'follow-up', pendingId, choice: 'new' }),
            },
          ],
        ],
      },
    ),
  ]);
}
