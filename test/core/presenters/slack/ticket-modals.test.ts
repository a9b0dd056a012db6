import { describe, expect, it } from '@jest/globals';
import {
  decodeModalMetadata,
  TICKET_INPUTS,
  TICKET_VIEWS,
} from '../../../../src/core/presenters/slack/action-ids.js';
import type { ModalView } from '../../../../src/core/presenters/slack/block-kit.js';
import {
  cannotResolveModal,
  replyModal,
  resolveModal,
} from '../../../../src/core/presenters/slack/ticket-modals.js';
import type { Ticket } from '../../../../src/core/tickets/ticket.js';
import { validateView } from '../../../support/fakes/slack-validation.js';
import { sampleTicket } from '../support/sample-ticket.js';

const metadata = { ticketId: '665f1c2e9b1d4a0012345678', channel: 'C0123ABCD', ts: '1733540000.000100' };

const modals: [string, (ticket: Ticket, m: typeof metadata) => ModalView, string, string][] = [
  ['reply', replyModal, TICKET_VIEWS.reply, TICKET_INPUTS.reply.block],
  ['resolve', resolveModal, TICKET_VIEWS.resolve, TICKET_INPUTS.resolve.block],
  ['cannot resolve', cannotResolveModal, TICKET_VIEWS.cannotResolve, TICKET_INPUTS.cannotResolve.block],
];

describe.each(modals)('the %s modal', (_name, build, callbackId, inputBlock) => {
  const ticket = sampleTicket({ text: `<!channel> & ${'long text '.repeat(100)}`, number: 'M-1234567890' });
  const view = build(ticket, metadata);
  const json = JSON.stringify(view);

  it('passes Slack view validation', () => {
    expect(() => validateView(view)).not.toThrow();
    expect(view.title.text.length).toBeLessThanOrEqual(24);
  });

  it('remembers the ticket and the card it was opened from', () => {
    expect(view.callback_id).toBe(callbackId);
    expect(decodeModalMetadata(view.private_metadata)).toEqual(metadata);
  });

  it('requires a multiline text', () => {
    const input = view.blocks.find((block) => block.block_id === inputBlock)!;
    expect(input).toMatchObject({ type: 'input', optional: false, element: { multiline: true } });
  });

  it('shows the ticket number and an escaped excerpt of the message', () => {
    expect(json).toContain('M-1234567890');
    expect(json).toContain('&lt;!channel&gt; &amp; long text');
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('long text '.repeat(100));
  });

  it('says the text goes to the owner in Telegram as written', () => {
    expect(json).toContain('goes to the owner in Telegram exactly as written');
  });
});
