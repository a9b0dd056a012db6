import { describe, expect, it } from '@jest/globals';
import {
  actionsBlockId,
  decodeModalMetadata,
  encodeModalMetadata,
  TICKET_ACTIONS,
  TICKET_INPUTS,
  TICKET_VIEWS,
  ticketIdFromActionsBlockId,
} from '../../../../src/core/presenters/slack/action-ids.js';

describe('Slack action ids', () => {
  it('are the documented names', () => {
    expect(TICKET_ACTIONS).toEqual({
      acknowledge: 'ticket.ack',
      reply: 'ticket.reply',
      resolve: 'ticket.resolve',
      cannotResolve: 'ticket.cannot',
      reassign: 'ticket.reassign',
      urgency: 'ticket.urgency',
    });
    expect(TICKET_VIEWS).toEqual({
      reply: 'ticket.reply.submit',
      resolve: 'ticket.resolve.submit',
      cannotResolve: 'ticket.cannot.submit',
    });
    const blocks = Object.values(TICKET_INPUTS).map((input) => input.block);
    expect(new Set(blocks).size).toBe(blocks.length);
  });

  it('carry the ticket id in the actions block id', () => {
    expect(ticketIdFromActionsBlockId(actionsBlockId('665f1c2e9b1d4a0012345678'))).toBe(
      '665f1c2e9b1d4a0012345678',
    );
    expect(ticketIdFromActionsBlockId('something.else')).toBeUndefined();
    expect(ticketIdFromActionsBlockId(actionsBlockId(''))).toBeUndefined();
    expect(ticketIdFromActionsBlockId(undefined)).toBeUndefined();
  });
});

describe('modal metadata', () => {
  it('round-trips', () => {
    const metadata = { ticketId: '665f1c2e9b1d4a0012345678', channel: 'C0123ABCD', ts: '1733540000.000100' };
    const encoded = encodeModalMetadata(metadata);
    expect(encoded.length).toBeLessThanOrEqual(3000);
    expect(decodeModalMetadata(encoded)).toEqual(metadata);
  });

  it('drops fields it does not know', () => {
    const encoded = JSON.stringify({ ticketId: 't', channel: 'C1', ts: '1.2', extra: true });
    expect(decodeModalMetadata(encoded)).toEqual({ ticketId: 't', channel: 'C1', ts: '1.2' });
  });

  it.each([
    undefined,
    '',
    'not json',
    'null',
    '[]',
    '"text"',
    '{}',
    '{"ticketId":"t","channel":"C1"}',
    '{"ticketId":"","channel":"C1","ts":"1.2"}',
    '{"ticketId":1,"channel":"C1","ts":"1.2"}',
  ])('rejects malformed metadata %p', (raw) => {
    expect(decodeModalMetadata(raw)).toBeUndefined();
  });
});
