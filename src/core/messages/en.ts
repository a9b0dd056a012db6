import type { Nature, Specialty, Urgency } from '../taxonomy.js';
import type { OwnerField } from '../tickets/owner.js';
import type { TicketStatus } from '../tickets/ticket.js';
import type { Catalog } from './catalog.js';

const SPECIALTY: Record<Specialty, string> = {
  maintenance: 'Maintenance',
  security: 'Security',
  cleaning: 'Cleaning',
  greening: 'Greening',
  general: 'Front desk',
};

const URGENCY: Record<Urgency, string> = {
  emergency: 'Emergency',
  urgent: 'Urgent',
  ordinary: 'Ordinary',
};

const STATUS: Record<TicketStatus, string> = {
  new: 'Received',
  acknowledged: 'In hand',
  resolved: 'Resolved',
  unresolvable: 'Cannot be solved',
  reopened: 'Reopened',
  closed: 'Closed',
};

const NATURE: Record<Nature, string> = {
  routine: 'Common-area service',
  special: 'In-unit service (may be chargeable)',
};

const OWNER_FIELD: Record<OwnerField, string> = {
  name: 'your name',
  building: 'your building',
  unit: 'your unit number',
  phone: 'a phone number',
};

const joinWords = (words: readonly string[]): string =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;

const understoodAs = (specialty: Specialty, urgency: Urgency): string =>
  `${SPECIALTY[specialty]} · ${URGENCY[urgency].toLowerCase()}`;

const dangerLine = (phone: string): string => `🚨 If anyone is in danger, call ${phone} now.`;

/** Owner-facing texts in English. */
export const en: Catalog = {
  specialty: (specialty) => SPECIALTY[specialty],
  urgency: (urgency) => URGENCY[urgency],
  status: (status) => STATUS[status],
  nature: (nature) => NATURE[nature],
  ownerField: (field) => OWNER_FIELD[field],

  startFirst: () =>
    'Hello! This is your estate management office.\n' +
    'Tell us about any problem, any time — for example “the lift is stuck” or “water is leaking from the ceiling”. ' +
    'Photos are welcome. We pass it to the right team and keep you posted here.',
  startReturning: ({ name }) =>
    `Welcome back${name ? `, ${name}` : ''}! Just tell us what needs attention. Send /status to see your tickets.`,
  help: ({ emergencyPhone }) =>
    'Send us a message (photos welcome) about anything that needs attention at home or in the estate. ' +
    'Each report becomes a ticket for the right team, and you hear back here at every step.\n\n' +
    'If you write again while a ticket is open, I ask whether it belongs to that ticket or is a new problem.\n\n' +
    '/status — your open tickets\n' +
    '/help — this message\n\n' +
    `In an emergency (fire, flooding, someone hurt or trapped), call ${emergencyPhone}.`,

  askName: () => 'So our staff know who to ask for: what is your name?',
  askBuilding: () => 'Which building do you live in?',
  askUnit: () => 'And your unit (flat) number?',
  askPhone: () =>
    'Last one: a phone number our staff can call you on. Tap “📱 Share my phone number” below or type it. ' +
    'You can type “skip” if you would rather not.',
  sharePhoneButton: () => '📱 Share my phone number',
  skipWord: () => 'skip',
  registrationComplete: () => 'Thank you, you are all set. Tell us about any problem, any time.',
  completeYourFile: ({ missing }) =>
    `One more thing: we don't have ${joinWords(missing.map((field) => OWNER_FIELD[field]))} yet. ` +
    'It helps our staff reach you and find your flat. Just answer the questions that follow, or type “skip”.',

  ticketReceived: ({ number, specialty, urgency, expectBy, emergencyPhone }) => {
    const body =
      `We have your report: ticket ${number}, ${understoodAs(specialty, urgency)}.\n` +
      `Expect an answer ${expectBy}.`;
    return urgency === 'emergency' && emergencyPhone ? `${dangerLine(emergencyPhone)}\n\n${body}` : body;
  },

  followUpQuestion: ({ number, summary }) =>
    `You have an open ticket ${number} (“${summary}”). Is this message about that ticket, or a new problem?`,
  followUpAttach: (number) => `Add to ${number}`,
  followUpNew: () => 'New problem',
  addedToTicket: (number) => `Added to ticket ${number}. The staff handling it can see it.`,
  newTicketChosen: () => 'OK, I will treat it as a new problem.',
  buttonExpired: () =>
    'This choice has expired. If it still needs attention, please send your message again.',
  editForwarded: (number) => `Your edit has been passed on to the staff handling ticket ${number}.`,

  acknowledged: ({ number, staffName }) =>
    staffName
      ? `👷 Ticket ${number} is in hand: ${staffName} from the management office is looking after it.`
      : `👷 Ticket ${number} is in hand: the management office is looking after it.`,
  staffReply: ({ number, staffName, text }) =>
    `💬 Management office, about ticket ${number}:\n\n${text}\n\n` +
    `${staffName ? `— ${staffName}\n` : ''}You can reply right here.`,
  resolved: ({ number, note }) =>
    `✅ Ticket ${number} is resolved.\n${note}\n\nIf the problem is still there, just tell us here.`,
  unresolvable: ({ number, explanation }) =>
    `We are sorry: we cannot solve ticket ${number}.\nWhy: ${explanation}\n\n` +
    'If you have questions or would like to discuss it, reply here and the front desk will get back to you.',
  reopened: ({ number }) => `🔁 Ticket ${number} is open again; we are back on it.`,
  urgencyChanged: ({ number, urgency, expectBy, emergencyPhone }) => {
    const body = `Ticket ${number} is now marked ${URGENCY[urgency].toLowerCase()}. Expect an answer ${expectBy}.`;
    return urgency === 'emergency' && emergencyPhone ? `${dangerLine(emergencyPhone)}\n\n${body}` : body;
  },
  reassigned: ({ number, specialty }) =>
    `Ticket ${number} has been passed to ${SPECIALTY[specialty]}, who will take it from here.`,

  statusNone: () => 'You have no open tickets. If something needs attention, just tell us.',
  statusList: (items) =>
    `Your tickets:\n${items
      .map(
        (item) =>
          `• ${item.number} · ${SPECIALTY[item.specialty]} · ${STATUS[item.status]} (sent ${item.createdAt})`,
      )
      .join('\n')}`,

  returnVisitQuestion: ({ number }) =>
    `How did we do with ticket ${number}? Please rate us from 1 (poor) to 5 (excellent), ` +
    'or tap “Not fixed” if the problem is still there.',
  returnVisitScoreButton: (score) => `${score} ${'★'.repeat(score)}`,
  returnVisitNotFixedButton: () => 'Not fixed',
  returnVisitThanks: ({ number }) => `Thank you for rating ticket ${number}. Your feedback helps us improve.`,
  returnVisitCommentInvite: () => 'If you would like to add a comment, just send it as your next message.',
  returnVisitCommentThanks: ({ number }) => `Thank you, your comment on ticket ${number} has been passed on.`,
  returnVisitReopened: ({ number, expectBy }) =>
    `🔁 We are sorry ticket ${number} is not sorted out. We have reopened it, the team and a supervisor have ` +
    `been told, and someone will get back to you ${expectBy}.`,
  returnVisitExplanationQuestion: ({ number }) =>
    `About ticket ${number}, which we could not solve: was our explanation clear? ` +
    'Please rate it from 1 (not clear at all) to 5 (very clear).',
  returnVisitExplanationUnclear: ({ number }) =>
    `Thank you for telling us. A supervisor will get in touch to explain ticket ${number} better.`,
  returnVisitAlreadyAnswered: () => 'Thank you, we already have your answer.',

  unsupportedMessage: () =>
    'Sorry, I cannot read this kind of message. Please describe the problem in words; photos, videos and voice messages are welcome too.',
  savedWillRetry: () =>
    'Your message is saved, but something went wrong on our side. We will pass it on as soon as we can; no need to send it again.',
};
