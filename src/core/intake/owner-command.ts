import { messagesFor } from '../messages/messages-for.js';
import { missingOwnerFields, type Owner } from '../tickets/owner.js';
import { formatCreatedAt } from './format-created-at.js';
import type { IntakeDeps, OwnerMessage } from './intake-deps.js';
import { ownerNotice } from './owner-notice.js';
import { registrationQuestion } from './registration-question.js';

/** `/start` greets and starts registration when the file is incomplete; `/status` lists tickets; else `/help`. */
export async function ownerCommand(deps: IntakeDeps, owner: Owner, message: OwnerMessage): Promise<void> {
  const t = messagesFor(owner.language);
  const key = `command:${message.chatId}:${message.messageId}`;
  const now = deps.clock.now();
  switch (message.command) {
    case 'start': {
      const missing = missingOwnerFields(owner);
      const known = owner.registrationAskedAt !== undefined || missing.length === 0;
      const greeting = known ? t.startReturning(owner.name ? { name: owner.name } : {}) : t.startFirst();
      const first = missing[0];
      await deps.outbox.enqueue([
        ownerNotice(key, owner.chatId, greeting),
        ...(first ? [registrationQuestion(`${key}:ask`, owner, first)] : []),
      ]);
      if (first) await deps.owners.update(owner.id, { awaiting: first, registrationAskedAt: now });
      return;
    }
    case 'status': {
      const tickets = await deps.tickets.listActiveForOwner(owner.id);
      const text =
        tickets.length === 0
          ? t.statusNone()
          : t.statusList(
              tickets.map((ticket) => ({
                number: ticket.number,
                specialty: ticket.specialty,
                status: ticket.status,
                createdAt: formatCreatedAt(ticket.createdAt, deps.settings.timeZone, owner.language),
              })),
            );
      await deps.outbox.enqueue([ownerNotice(key, owner.chatId, text)]);
      return;
    }
    default:
      await deps.outbox.enqueue([
        ownerNotice(key, owner.chatId, t.help({ emergencyPhone: deps.settings.emergencyPhone })),
      ]);
  }
}
