import { messagesFor } from '../messages/messages-for.js';
import { returnVisitTexts } from '../presenters/slack/follow-up-texts.js';
import { updateTicket } from '../tickets/update-ticket.js';
import { visitKey } from './answer-return-visit.js';
import type { ReturnVisitDeps } from './return-visit-deps.js';

/**
 * The owner's message right after answering a return visit is a comment on it: stored with the visit, noted in
 * the ticket's thread, and acknowledged. Returns false when no visit awaits a comment (the message is then
 * handled as usual). Only plain text counts; photos and the like are reports.
 */
export async function takeReturnVisitComment(
  deps: ReturnVisitDeps,
  message: { chatId: number; messageId: number; text: string; hasAttachments: boolean },
): Promise<boolean> {
  const text = message.text.trim();
  if (!text || message.hasAttachments) return false;
  const now = deps.clock.now();
  const found = await deps.findAwaitingComment(message.chatId, now, message.messageId);
  if (!found) return false;
  const outcome = await updateTicket(deps.tickets, found.id, (ticket) => {
    if (ticket.returnVisits?.some((v) => v.commentMessageId === message.messageId)) return { leave: true };
    const visit = ticket.returnVisits?.find((v) => v.commentUntil && v.commentUntil > now && !v.comment);
    if (!visit) return { leave: false };
    const key = visitKey(ticket, visit);
    const { commentUntil: _until, ...rest } = visit;
    return {
      save: {
        ...ticket,
        updatedAt: now,
        returnVisits: (ticket.returnVisits ?? []).map((v) =>
          v === visit ? { ...rest, comment: text, commentMessageId: message.messageId } : v,
        ),
        history: [
          ...ticket.history,
          { at: now, event: 'note', by: 'owner', note: `return-visit comment: ${text}` },
        ],
      },
      effects: [
        {
          key: `${key}:comment:thread`,
          kind: 'slack.thread',
          ticketId: ticket.id,
          text: returnVisitTexts.comment(text),
        },
        {
          key: `${key}:comment:owner`,
          kind: 'telegram.message',
          chatId: ticket.chatId,
          text: messagesFor(ticket.language).returnVisitCommentThanks({ number: ticket.number }),
          ticketId: ticket.id,
        },
      ],
      result: true,
    };
  });
  return outcome?.result ?? false;
}
