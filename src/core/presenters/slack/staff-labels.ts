import type { Nature, Specialty, Urgency } from '../../taxonomy.js';
import type { OwnerField } from '../../tickets/owner.js';
import type { TicketStatus } from '../../tickets/ticket.js';

/** Words staff read in Slack for the taxonomy, ticket states and owner-file fields. */
export const staffLabels = {
  specialty: {
    maintenance: 'Maintenance',
    security: 'Security',
    cleaning: 'Cleaning',
    greening: 'Greening',
    general: 'Front desk',
  } satisfies Record<Specialty, string>,
  urgency: { emergency: 'Emergency', urgent: 'Urgent', ordinary: 'Ordinary' } satisfies Record<
    Urgency,
    string
  >,
  urgencyIcon: { emergency: '🔴', urgent: '🟠', ordinary: '⚪' } satisfies Record<Urgency, string>,
  nature: {
    routine: 'Common-area service',
    special: 'In-unit service (may be chargeable)',
  } satisfies Record<Nature, string>,
  status: {
    new: 'Received',
    acknowledged: 'Acknowledged',
    resolved: 'Resolved',
    unresolvable: 'Cannot be solved',
    reopened: 'Reopened',
    closed: 'Closed',
  } satisfies Record<TicketStatus, string>,
  ownerField: {
    name: 'name',
    building: 'building',
    unit: 'unit',
    phone: 'phone',
  } satisfies Record<OwnerField, string>,
} as const;
