import type { Ticket } from '../tickets/ticket.js';

const LABEL: Record<string, string> = {
  maintenance: 'Maintenance',
  security: 'Security',
  cleaning: 'Cleaning',
  greening: 'Greening',
  general: 'Front desk',
};

/** Ephemeral answers to the staff member who clicked, in mrkdwn. */
export const staffReplies = {
  notFound: () => ':grey_question: That ticket no longer exists.',
  sameDepartment: (ticket: Ticket) => `${ticket.number} is already with ${LABEL[ticket.specialty]}.`,
  sameUrgency: (ticket: Ticket) => `${ticket.number} is already ${ticket.urgency}.`,
  emptyText: () => 'Write something to send.',
};
