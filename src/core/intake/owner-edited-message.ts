import { messagesFor } from '../messages/messages-for.js';
import { ownerEdited } from '../presenters/slack/thread-texts.js';
import { updateTicket } from '../tickets/update-ticket.js';
import { pendingFollowUpId } from './ask-which-ticket.js';
import type { IntakeDeps } from './intake-deps.js';
import { ownerNotice } from './owner-notice.js';

/** An owner edited a message they sent. */
export interface OwnerEdit {
  telegramUserId: number;
  chatId: number;
  messageId: number;
  text: string;
  /** Telegram's edit_date, seconds: tells one edit from the next. */
  editDate: number;
}

/**
 * Carries an owner's edit to staff: the ticket's thread shows the new wording, and when the edited message is
 * the report itself the card shows it too. An edit of a held message updates what will be filed.
 */
export async function ownerEditedMessage(deps: IntakeDeps, edit: OwnerEdit): Promise<void> {
  const owner = await deps.owners.findByTelegramUser(edit.telegramUserId);
  if (!owner) return;
  const pendingId = pendingFollowUpId(edit.chatId, edit.messageId);
  const pending = await deps.followUps.get(pendingId);
  if (pending && !pending.decidedTicketId) {
    await deps.followUps.updateText(pendingId, edit.text);
    return;
  }
  const ticket = await deps.tickets.findByMessage(edit.chatId, edit.messageId);
  if (!ticket) return;
  const now = deps.clock.now();
  const key = `ticket:${ticket.id}:msg:${edit.messageId}:edit:${edit.editDate}`;
  const isReport = ticket.source.messageId === edit.messageId;
  const t = messagesFor(owner.language);
  await updateTicket(deps.tickets, ticket.id, (current) => {
    const stamp = String(edit.editDate);
    if (current.history.some((e) => e.event === 'edit' && e.to === stamp)) return { leave: undefined };
    return {
      save: {
        ...current,
        ...(isReport ? { text: edit.text } : {}),
        updatedAt: now,
        history: [...current.history, { at: now, event: 'edit', by: 'owner', to: stamp, note: edit.text }],
      },
      effects: [
        { key, kind: 'slack.thread', ticketId: current.id, text: ownerEdited({ text: edit.text }) },
        ...(isReport
          ? [{ key: `${key}:card`, kind: 'slack.card-update' as const, ticketId: current.id }]
          : []),
        ownerNotice(`${key}:owner`, owner.chatId, t.editForwarded(current.number), { ticketId: current.id }),
      ],
      result: undefined,
    };
  });
}
