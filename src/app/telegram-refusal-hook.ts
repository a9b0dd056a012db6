import type { OutboxMessage } from '../core/outbox/outbox-message.js';
import type { DeliveryError } from '../core/outbox/outbox-transport.js';
import type { Outbox, OwnerStore, TicketStore } from '../core/ports.js';
import { telegramRefused } from '../core/presenters/slack/thread-texts.js';

/**
 * When Telegram refuses a message to an owner for good (bot blocked, chat gone), says so in the ticket's
 * thread and marks the owner unreachable. Idempotent: the thread note's key derives from the message's.
 */
export function telegramRefusalHook(deps: {
  outbox: Outbox;
  tickets: TicketStore;
  owners: OwnerStore;
  now: () => Date;
}) {
  return async (message: OutboxMessage, error: DeliveryError): Promise<void> => {
    if (message.kind !== 'telegram.message') return;
    if (message.ticketId) {
      await deps.outbox.enqueue([
        {
          key: `${message.key}:refused`,
          kind: 'slack.thread',
          ticketId: message.ticketId,
          text: telegramRefused({ description: error.description }),
        },
      ]);
      const ticket = await deps.tickets.get(message.ticketId);
      const owner = ticket ? await deps.owners.get(ticket.ownerId) : undefined;
      if (owner && !owner.unreachableSince)
        await deps.owners.update(owner.id, { unreachableSince: deps.now() });
    }
  };
}
