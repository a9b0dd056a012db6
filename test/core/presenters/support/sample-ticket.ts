import type { Owner } from '../../../../src/core/tickets/owner.js';
import type { Ticket } from '../../../../src/core/tickets/ticket.js';
import { buildClassification, buildOwner, buildTicket } from '../../../support/ticket-builder.js';

/** A ticket as the card sees it, fresh from intake; `changes` override any field. */
export function sampleTicket(changes: Partial<Ticket> = {}): Ticket {
  const createdAt = new Date('2026-12-07T02:00:00Z');
  return buildTicket({
    id: '665f1c2e9b1d4a0012345678',
    number: 'M-1042',
    ownerId: 'owner-1',
    chatId: 5001,
    language: 'zh',
    source: { chatId: 5001, messageId: 77 },
    text: 'Water is leaking from the ceiling in the kitchen',
    classification: buildClassification({
      confidence: { specialty: 0.92, urgency: 0.7, nature: 0.6 },
      evidence: { specialty: ['leaking', 'ceiling'], urgency: ['leaking'], nature: ['kitchen'] },
    }),
    deadlines: {
      acknowledgeBy: new Date('2026-12-07T02:15:00Z'),
      resolveBy: new Date('2026-12-07T06:00:00Z'),
    },
    messageIds: [77],
    history: [{ at: createdAt, event: 'create', by: 'owner' }],
    createdAt,
    updatedAt: createdAt,
    ...changes,
  });
}

/** An owner with a complete file; `changes` override any field. */
export function sampleOwner(changes: Partial<Owner> = {}): Owner {
  return buildOwner({
    id: 'owner-1',
    telegramUserId: 9001,
    chatId: 5001,
    language: 'zh',
    telegramName: 'Mei',
    name: 'Wang Mei',
    unit: '1502',
    phone: '+86 138 0000 0000',
    ...changes,
  });
}
