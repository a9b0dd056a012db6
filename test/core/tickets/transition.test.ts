import { describe, expect, it } from '@jest/globals';
import { transition } from '../../../src/core/tickets/transition.js';
import { buildTicket } from '../../support/ticket-builder.js';

const at = new Date('2026-12-03T03:00:00Z');

describe('ticket transitions', () => {
  it('acknowledges a new ticket, recording who and when in the history', () => {
    const result = transition(buildTicket(), 'acknowledge', { by: 'U0TECH0001', at });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ticket.status).toBe('acknowledged');
    expect(result.ticket.acknowledged).toEqual({ by: 'U0TECH0001', at });
    expect(result.ticket.history.at(-1)).toEqual({
      at,
      event: 'acknowledge',
      from: 'new',
      to: 'acknowledged',
      by: 'U0TECH0001',
    });
  });

  it('says a second acknowledgement was already done', () => {
    const first = transition(buildTicket(), 'acknowledge', { by: 'U1', at });
    if (!first.ok) throw new Error('first failed');
    expect(transition(first.ticket, 'acknowledge', { by: 'U2', at })).toMatchObject({
      ok: false,
      reason: 'already-done',
      status: 'acknowledged',
    });
  });

  it('requires a note to resolve and an explanation to give up', () => {
    expect(transition(buildTicket(), 'resolve', { by: 'U1', at, note: '  ' })).toMatchObject({ ok: false });
    expect(transition(buildTicket(), 'cannot-resolve', { by: 'U1', at })).toMatchObject({
      ok: false,
      message: 'an explanation is required',
    });
    const resolved = transition(buildTicket(), 'resolve', { by: 'U1', at, note: 'Replaced the washer' });
    expect(resolved.ok && resolved.ticket.resolved).toEqual({ by: 'U1', at, note: 'Replaced the washer' });
  });

  it('reopens a resolved ticket and clears who resolved it', () => {
    const resolved = transition(buildTicket(), 'resolve', { by: 'U1', at, note: 'done' });
    if (!resolved.ok) throw new Error('resolve failed');
    const reopened = transition(resolved.ticket, 'reopen', { by: 'owner', at });
    expect(reopened.ok && reopened.ticket.status).toBe('reopened');
    expect(reopened.ok && reopened.ticket.resolved).toBeUndefined();
  });

  it('refuses to close a ticket nobody resolved, and to resolve a closed one', () => {
    expect(transition(buildTicket(), 'close', { by: 'system', at })).toMatchObject({
      ok: false,
      reason: 'not-allowed',
    });
    expect(
      transition(buildTicket({ status: 'closed' }), 'resolve', { by: 'U1', at, note: 'x' }),
    ).toMatchObject({
      ok: false,
      reason: 'not-allowed',
    });
  });

  it('leaves the input ticket unchanged', () => {
    const ticket = buildTicket();
    transition(ticket, 'acknowledge', { by: 'U1', at });
    expect(ticket.status).toBe('new');
    expect(ticket.history).toHaveLength(1);
  });
});
