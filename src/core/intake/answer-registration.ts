import { isSkipAnswer } from '../messages/is-skip-answer.js';
import { messagesFor } from '../messages/messages-for.js';
import { OWNER_FIELDS, type Owner, type OwnerField } from '../tickets/owner.js';
import type { IntakeDeps, OwnerMessage } from './intake-deps.js';
import { ownerNotice } from './owner-notice.js';
import { registrationQuestion } from './registration-question.js';

const MAX_ANSWER = 120;

/**
 * Takes an owner's answer to the registration question they were asked (`owner.awaiting`), then asks the next
 * missing field or thanks them. "skip" moves on. The next question is enqueued before the file is updated,
 * under a key derived from the answer, so a crash in between repeats nothing.
 */
export async function answerRegistration(
  deps: IntakeDeps,
  owner: Owner,
  message: OwnerMessage,
): Promise<void> {
  const field = owner.awaiting as OwnerField;
  const t = messagesFor(owner.language);
  const skipped = !message.sharedPhone && isSkipAnswer(message.text);
  const value = (message.sharedPhone ?? message.text).trim().slice(0, MAX_ANSWER);
  const answered: Partial<Owner> = skipped || !value ? {} : { [field]: value };
  const after = { ...owner, ...answered };
  const next = OWNER_FIELDS.slice(OWNER_FIELDS.indexOf(field) + 1).find((f) => !after[f]);
  const key = `registration:${message.chatId}:${message.messageId}`;
  await deps.outbox.enqueue([
    next
      ? registrationQuestion(key, after, next)
      : ownerNotice(key, owner.chatId, t.registrationComplete(), { removeKeyboard: true }),
  ]);
  await deps.owners.update(owner.id, { ...answered, awaiting: next });
}

/**
 * Whether a message answers the pending registration question rather than reporting a problem: a shared
 * contact, a reply to the bot's question (Telegram opens the reply box for it), or "skip". Without a reply, a
 * short text that reads like no report at all counts only when the owner has no open ticket: then a stray
 * "Grace Hopper" becomes a name, while "and it is getting worse" after a report reaches that ticket.
 */
export function isRegistrationAnswer(
  deps: IntakeDeps,
  owner: Owner,
  message: OwnerMessage,
  hasOpenTicket: boolean,
): boolean {
  if (!owner.awaiting) return false;
  if (message.sharedPhone) return owner.awaiting === 'phone';
  if (!message.text.trim() || message.attachments.length > 0) return false;
  if (message.replyToMessageId !== undefined || isSkipAnswer(message.text)) return true;
  if (hasOpenTicket || message.text.length > 60) return false;
  const { evidence } = deps.classify(message.text);
  return evidence.specialty.length === 0 && evidence.urgency.length === 0;
}
