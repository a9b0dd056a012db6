import type { Classification } from '../../src/core/classifier/classification.js';
import type { Owner } from '../../src/core/tickets/owner.js';
import type { Ticket } from '../../src/core/tickets/ticket.js';

/** A classification with overridable fields. */
export const buildClassification = (overrides: Partial<Classification> = {}): Classification => ({
  specialty: 'maintenance',
  urgency: 'urgent',
  nature: 'special',
  confidence: { specialty: 0.9, urgency: 0.8, nature: 0.7 },
  evidence: { specialty: ['leak'], urgency: ['dripping'], nature: ['my kitchen'] },
  language: 'en',
  ...overrides,
});

/** A ticket in state `new`, created at 2026-12-03T02:00Z, with overridable fields. */
export const buildTicket = (overrides: Partial<Ticket> = {}): Ticket => {
  const createdAt = new Date('2026-12-03T02:00:00Z');
  return {
    id: '65a000000000000000000001',
    number: 'M-1001',
    ownerId: '65b000000000000000000001',
    chatId: 7001,
    language: 'en',
    source: { chatId: 7001, messageId: 11 },
    text: 'The tap in my kitchen is dripping',
    attachments: [],
    specialty: 'maintenance',
    urgency: 'urgent',
    nature: 'special',
    classification: buildClassification(),
    status: 'new',
    deadlines: {
      acknowledgeBy: new Date(createdAt.getTime() + 30 * 60_000),
      resolveBy: new Date(createdAt.getTime() + 8 * 3600_000),
    },
    missingOwnerInfo: [],
    messageIds: [11],
    history: [{ at: createdAt, event: 'create', to: 'new', by: 'owner' }],
    version: 1,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
};

/** A registered owner with overridable fields. */
export const buildOwner = (overrides: Partial<Owner> = {}): Owner => ({
  id: '65b000000000000000000001',
  telegramUserId: 7001,
  chatId: 7001,
  language: 'en',
  telegramName: 'Ada Lovelace',
  name: 'Ada Lovelace',
  building: '3',
  unit: '1204',
  phone: '+8613800001234',
  ...overrides,
});
