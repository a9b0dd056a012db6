import { messagesFor } from '../messages/messages-for.js';
import { ownerFollowUp } from '../presenters/slack/thread-texts.js';
import type { Owner } from '../tickets/owner.js';
import type { Ticket } from '../tickets/ticket.js';
import { updateTicket } from '../tickets/update-ticket.js';
import { attachmentEffects } from './attachment-effects.js';
import type { ReportContent } from './create-ticket-from-message.js';
import type { IntakeDeps } from './intake-deps.js';
import { ownerNotice } from './owner-notice.js';

/**
 * Adds an owner's message to an existing ticket: it goes into the ticket's Slack thread (with attachments) and
 * the owner is told which ticket it joined. Idempotent per Telegram message.
 */
export async function attachFollowUp(
  deps: IntakeDeps,
  owner: Owner,
  ticketId: string,
  message: ReportContent,
): Promise<Ticket | undefined> {
  const now = deps.clock.now();
  const t = messagesFor(owner.language);
  const outcome = await updateTicket(deps.tickets, ticketId, (ticket) => {
    if (ticket.messageIds.includes(message.messageId)) return { leave: undefined };
    return {
      save: {
        ...ticket,
        messageIds: [...ticket.messageIds, message.messageId],
        updatedAt: now,
        history: [
          ...ticket.history,
          { at: now, event: 'follow-up', by: 'owner', ...(message.text ? { note: message.text } : {}) },
        ],
      },
      effects: [
        {
          key: `ticket:${ticket.id}:msg:${message.messageId}`,
          kind: 'slack.thread',
          ticketId: ticket.id,
          text: ownerFollowUp({ text: message.text, attachments: message.attachments }),
        },
        ...attachmentEffects(ticket.id, message.messageId, message.attachments),
        ownerNotice(
          `ticket:${ticket.id}:msg:${message.messageId}:added`,
          owner.chatId,
          t.addedToTicket(ticket.number),
          {
            ticketId: ticket.id,
          },
        ),
      ],
      result: undefined,
    };
  });
  return outcome?.ticket;
}
