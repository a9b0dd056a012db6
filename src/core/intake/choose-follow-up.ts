import { messagesFor } from '../messages/messages-for.js';
import { isOpen } from '../tickets/ticket.js';
import { pendingFollowUpId } from './ask-which-ticket.js';
import { attachFollowUp } from './attach-follow-up.js';
import { createTicketFromMessage } from './create-ticket-from-message.js';
import type { IntakeDeps } from './intake-deps.js';
import { ownerNotice } from './owner-notice.js';

/** The owner's tap on "add to M-1042" or "new problem" for a held message. */
export interface FollowUpChoice {
  telegramUserId: number;
  chatId: number;
  /** The held message's id (the callback's pending id). */
  messageId: number;
  choice: { attach: string } | 'new';
  /** The callback query id, unique per tap. */
  callbackId: string;
}

/**
 * Files a held message where the owner said: into the chosen open ticket, or as a new ticket. Further
 * messages go to the same ticket for the follow-up window. A tap on an old question, or on a ticket that has
 * closed since, gets a short answer and changes nothing. Returns the text for the callback answer.
 */
export async function chooseFollowUp(deps: IntakeDeps, choice: FollowUpChoice): Promise<string | undefined> {
  const owner = await deps.owners.findByTelegramUser(choice.telegramUserId);
  if (!owner) return undefined;
  const t = messagesFor(owner.language);
  const pending = await deps.followUps.get(pendingFollowUpId(choice.chatId, choice.messageId));
  if (!pending || pending.ownerId !== owner.id) return t.buttonExpired();
  const report = {
    chatId: pending.chatId,
    messageId: pending.messageId,
    text: pending.text,
    attachments: pending.attachments,
  };
  const until = new Date(deps.clock.now().getTime() + deps.settings.followUpWindowMs);

  if (pending.decidedTicketId) {
    const decided = await deps.tickets.get(pending.decidedTicketId);
    return decided ? t.addedToTicket(decided.number) : t.buttonExpired();
  }
  if (choice.choice === 'new') {
    const ticket = await createTicketFromMessage(deps, owner, report);
    await deps.followUps.decide(pending.id, ticket.id);
    await deps.owners.update(owner.id, { followUpTarget: { ticketId: ticket.id, until } });
    return t.newTicketChosen();
  }
  const target = await deps.tickets.findByNumber(choice.choice.attach);
  if (!target || target.ownerId !== owner.id || !isOpen(target)) {
    await deps.outbox.enqueue([
      ownerNotice(`follow-up:${pending.id}:expired:${choice.callbackId}`, owner.chatId, t.buttonExpired()),
    ]);
    return t.buttonExpired();
  }
  await attachFollowUp(deps, owner, target.id, report);
  await deps.followUps.decide(pending.id, target.id);
  await deps.owners.update(owner.id, { followUpTarget: { ticketId: target.id, until } });
  return t.addedToTicket(target.number);
}
