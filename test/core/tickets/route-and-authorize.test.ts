import { describe, expect, it } from '@jest/globals';
import { authorizeStaff, type StaffMember } from '../../../src/core/tickets/authorize-staff.js';
import { planDeadlines } from '../../../src/core/tickets/plan-deadlines.js';
import { routeTicket, ticketNumber } from '../../../src/core/tickets/route-ticket.js';
import { buildClassification } from '../../support/ticket-builder.js';

const people: StaffMember[] = [
  { slackUserId: 'U0TECH0001', name: 'Zhang', role: 'staff', departments: ['maintenance'] },
  { slackUserId: 'U0SUPER001', name: 'Zhao', role: 'supervisor', departments: [] },
  { slackUserId: 'U0SUPER002', name: 'Qian', role: 'supervisor', departments: ['security'] },
];

describe('routing', () => {
  it('sends a confident classification to its department and an unsure one to the front desk', () => {
    expect(routeTicket(buildClassification(), 0.35)).toBe('maintenance');
    expect(
      routeTicket(buildClassification({ confidence: { specialty: 0.2, urgency: 1, nature: 1 } }), 0.35),
    ).toBe('general');
  });

  it('numbers tickets with the first department letter', () => {
    expect(ticketNumber('maintenance', 1042)).toBe('M-1042');
    expect(ticketNumber('general', 7)).toBe('F-7');
  });

  it('plans deadlines from the urgency', () => {
    const from = new Date('2026-12-03T00:00:00Z');
    const policy = {
      acknowledge: { emergency: 300_000, urgent: 1_800_000, ordinary: 14_400_000 },
      resolve: { emergency: 7_200_000, urgent: 28_800_000, ordinary: 259_200_000 },
    };
    expect(planDeadlines('emergency', from, policy)).toEqual({
      acknowledgeBy: new Date('2026-12-03T00:05:00Z'),
      resolveBy: new Date('2026-12-03T02:00:00Z'),
    });
  });
});

describe('who may act on a ticket', () => {
  it('lets staff act on their own department only', () => {
    expect(authorizeStaff('U0TECH0001', 'maintenance', people)?.name).toBe('Zhang');
    expect(authorizeStaff('U0TECH0001', 'security', people)).toBeUndefined();
  });

  it('lets a supervisor with no departments act anywhere, and one with departments only there', () => {
    expect(authorizeStaff('U0SUPER001', 'greening', people)?.role).toBe('supervisor');
    expect(authorizeStaff('U0SUPER002', 'security', people)).toBeDefined();
    expect(authorizeStaff('U0SUPER002', 'cleaning', people)).toBeUndefined();
  });

  it('refuses someone who is not configured', () => {
    expect(authorizeStaff('U0STRANGER', 'maintenance', people)).toBeUndefined();
  });
});
