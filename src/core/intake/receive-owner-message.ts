import { messagesFor } from '../messages/messages-for.js';
import { isOpen } from '../tickets/ticket.js';
import { answerRegistration, isRegistrationAnswer } from './answer-registration.js';
import { askWhichTicket, pendingFollowUpId } from './ask-which-ticket.js';
import { attachFollowUp } from './attach-follow-up.js';
import { createTicketFromMessage, type ReportContent } from './create-ticket-from-message.js';
import type { IntakeDeps, OwnerMessage } from './intake-deps.js';
import { ownerCommand } from './owner-command.js';
import { ownerForMessage } from './owner-for-message.js';
import { ownerNotice } from './owner-notice.js';

/**
 * Everything an owner sends comes here: commands, answers to registration questions, and reports. A report
 * from an owner with no open ticket becomes a ticket; with an open ticket it joins the one the owner chose a
 * moment ago, or the bot asks which ticket it belongs to. Safe to run twice for the same message.
 */
export async function receiveOwnerMessage(deps: IntakeDeps, message: OwnerMessage): Promise<void> {
  let owner = await ownerForMessage(deps, message);
  if (owner.unreachableSince) owner = await deps.owners.update(owner.id, { unreachableSince: undefined });
  if (message.command) return ownerCommand(deps, owner, message);
  // Right after a return-visit answer the bot invited a comment: that comes before any registration question.
  if (deps.returnVisitComment && (await deps.returnVisitComment(message))) return;
  const open = (await deps.tickets.listActiveForOwner(owner.id)).filter(isOpen);
  if (isRegistrationAnswer(deps, owner, message, open.length > 0))
    return answerRegistration(deps, owner, message);

  if (!message.text.trim() && message.attachments.length === 0) {
    const t = messagesFor(owner.language);
    await deps.outbox.enqueue([
      ownerNotice(`unsupported:${message.chatId}:${message.messageId}`, owner.chatId, t.unsupportedMessage()),
    ]);
    return;
  }

  const report: ReportContent = {
    chatId: message.chatId,
    messageId: message.messageId,
    text: message.text,
    attachments: message.attachments,
  };
  const handled = await deps.tickets.findByMessage(message.chatId, message.messageId);
  if (handled) {
    if (handled.source.messageId === message.messageId) await createTicketFromMessage(deps, owner, report);
    else await attachFollowUp(deps, owner, handled.id, report);
    return;
  }
  if (await deps.followUps.get(pendingFollowUpId(message.chatId, message.messageId))) return;

  if (open.length === 0) {
    await createTicketFromMessage(deps, owner, report);
    return;
  }
  const target = owner.followUpTarget;
  const chosen =
    target && target.until > deps.clock.now()
      ? open.find((ticket) => ticket.id === target.ticketId)
      : undefined;
  if (chosen) await attachFollowUp(deps, owner, chosen.id, report);
  else await askWhichTicket(deps, owner, open, report);
}
