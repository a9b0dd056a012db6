import type { Language } from '../../taxonomy.js';
import type { Ticket } from '../../tickets/ticket.js';
import { encodeModalMetadata, type ModalMetadata, TICKET_INPUTS, TICKET_VIEWS } from './action-ids.js';
import { type Block, type ModalView, mrkdwn, plainText } from './block-kit.js';
import { escapedExcerpt } from './escaped-excerpt.js';
import { staffLabels } from './staff-labels.js';

/** Owner texts stay within one Telegram message (4096) with room for the notice around them. */
const MAX_OWNER_TEXT = 3000;
const EXCERPT = 300;

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', zh: 'Chinese (中文)' };

function ticketSummary(ticket: Ticket): Block {
  const head = `*${ticket.number}* · ${staffLabels.specialty[ticket.specialty]} · ${staffLabels.urgencyIcon[ticket.urgency]} ${staffLabels.urgency[ticket.urgency]}`;
  const excerpt = ticket.text.trim()
    ? escapedExcerpt(ticket.text, EXCERPT)
        .text.split('\n')
        .map((line) => `>${line}`)
        .join('\n')
    : '_(no text)_';
  return { type: 'section', text: mrkdwn(`${head}\n${excerpt}`) };
}

function modal(input: {
  ticket: Ticket;
  metadata: ModalMetadata;
  callbackId: string;
  title: string;
  submit: string;
  explanation: string;
  field: { block: string; action: string };
  label: string;
  placeholder: string;
}): ModalView {
  const { ticket } = input;
  return {
    type: 'modal',
    callback_id: input.callbackId,
    private_metadata: encodeModalMetadata(input.metadata),
    title: plainText(input.title, 24),
    submit: plainText(input.submit, 24),
    close: plainText('Cancel', 24),
    blocks: [
      ticketSummary(ticket),
      {
        type: 'context',
        elements: [
          mrkdwn(
            `${input.explanation} It goes to the owner in Telegram exactly as written; ` +
              `they read ${LANGUAGE_NAMES[ticket.language]}.`,
          ),
        ],
      },
      {
        type: 'input',
        block_id: input.field.block,
        label: plainText(input.label, 2000),
        optional: false,
        element: {
          type: 'plain_text_input',
          action_id: input.field.action,
          multiline: true,
          min_length: 1,
          max_length: MAX_OWNER_TEXT,
          placeholder: plainText(input.placeholder, 150),
        },
      },
    ],
  };
}

/** Modal for writing to the owner of `ticket`. */
export const replyModal = (ticket: Ticket, metadata: ModalMetadata): ModalView =>
  modal({
    ticket,
    metadata,
    callbackId: TICKET_VIEWS.reply,
    title: `Reply · ${ticket.number}`,
    submit: 'Send',
    explanation: 'Your message is sent with the ticket number and the management office as sender.',
    field: TICKET_INPUTS.reply,
    label: 'Message to the owner',
    placeholder: 'e.g. The plumber will come at 3 pm today.',
  });

/** Modal for resolving `ticket`; the note is required. */
export const resolveModal = (ticket: Ticket, metadata: ModalMetadata): ModalView =>
  modal({
    ticket,
    metadata,
    callbackId: TICKET_VIEWS.resolve,
    title: `Resolve · ${ticket.number}`,
    submit: 'Resolve',
    explanation: 'The owner is told the ticket is resolved, with this note: say what was done.',
    field: TICKET_INPUTS.resolve,
    label: 'What was done',
    placeholder: 'e.g. Replaced the washer under the kitchen sink; no more leak.',
  });

/** Modal for declaring that `ticket` cannot be solved; the explanation is required. */
export const cannotResolveModal = (ticket: Ticket, metadata: ModalMetadata): ModalView =>
  modal({
    ticket,
    metadata,
    callbackId: TICKET_VIEWS.cannotResolve,
    title: `Cannot solve · ${ticket.number}`,
    submit: 'Send',
    explanation:
      'Owners have a right to know why: explain plainly what stands in the way and, if you can, who could help.',
    field: TICKET_INPUTS.cannotResolve,
    label: 'Why it cannot be solved',
    placeholder: 'e.g. The pipe belongs to the water company; call them on …',
  });
