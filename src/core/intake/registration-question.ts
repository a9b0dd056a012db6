import { messagesFor } from '../messages/messages-for.js';
import type { OutboxMessage } from '../outbox/outbox-message.js';
import type { Owner, OwnerField } from '../tickets/owner.js';
import { ownerNotice } from './owner-notice.js';

/** The question for one field of the owner's file; the phone question carries the contact-sharing button. */
export function registrationQuestion(key: string, owner: Owner, field: OwnerField): OutboxMessage {
  const t = messagesFor(owner.language);
  switch (field) {
    case 'name':
      return ownerNotice(key, owner.chatId, t.askName(), { forceReply: true });
    case 'building':
      return ownerNotice(key, owner.chatId, t.askBuilding(), { forceReply: true });
    case 'unit':
      return ownerNotice(key, owner.chatId, t.askUnit(), { forceReply: true });
    case 'phone':
      return ownerNotice(key, owner.chatId, t.askPhone(), { contactButton: t.sharePhoneButton() });
  }
}
