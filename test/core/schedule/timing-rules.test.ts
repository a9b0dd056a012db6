import { describe, expect, it } from '@jest/globals';
import { digestStats, nextDailyAt } from '../../../src/core/schedule/digest-stats.js';
import { escalationPlan, isStepPlanned } from '../../../src/core/schedule/escalation-plan.js';
import { pagePlan } from '../../../src/core/schedule/on-duty-plan.js';
import { returnVisitAt } from '../../../src/core/schedule/return-visit-plan.js';
import {
  isWithinHours,
  nextClosing,
  onDutyAt,
  quietHoursRelease,
  type WeeklySpan,
} from '../../../src/core/schedule/weekly-hours.js';
import type { Ticket } from '../../../src/core/tickets/ticket.js';

const SH = 'Asia/Shanghai';
const LDN = 'Europe/London';
const hm = (h: number, m = 0) => h * 60 + m;
const weekdays: WeeklySpan = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: hm(8, 30), end: hm(18) };
// 2026-12-07 is a Monday.
const sh = (iso: string) => new Date(`${iso}+08:00`);

describe('weekly hours', () => {
  it('reads spans in the time zone', () => {
    expect(isWithinHours(sh('2026-12-07T09:00:00'), [weekdays], SH)).toBe(true);
    expect(isWithinHours(sh('2026-12-07T08:29:00'), [weekdays], SH)).toBe(false);
    expect(isWithinHours(sh('2026-12-06T10:00:00'), [weekdays], SH)).toBe(false); // Sunday
    // 09:00 in Shanghai is 01:00 in London: outside there.
    expect(isWithinHours(sh('2026-12-07T09:00:00'), [weekdays], LDN)).toBe(false);
    expect(isWithinHours(new Date('2026-12-07T09:00:00Z'), [weekdays], LDN)).toBe(true);
  });

  it('runs overnight spans past midnight', () => {
    const night: WeeklySpan = { days: ['fri'], start: hm(18), end: hm(8) };
    expect(isWithinHours(sh('2026-12-11T23:00:00'), [night], SH)).toBe(true);
    expect(isWithinHours(sh('2026-12-12T07:59:00'), [night], SH)).toBe(true); // Saturday morning
    expect(isWithinHours(sh('2026-12-12T08:00:00'), [night], SH)).toBe(false);
    expect(onDutyAt([{ ...night, user: 'U1' }], sh('2026-12-12T03:00:00'), SH)).toEqual(['U1']);
    expect(onDutyAt([{ ...night, user: 'U1' }], sh('2026-12-13T03:00:00'), SH)).toEqual([]);
  });

  it('finds the closing time of joined spans', () => {
    const morning: WeeklySpan = { days: ['mon'], start: hm(8), end: hm(12) };
    const afternoon: WeeklySpan = { days: ['mon'], start: hm(12), end: hm(18) };
    expect(nextClosing(sh('2026-12-07T09:00:00'), [morning, afternoon], SH)).toEqual(
      sh('2026-12-07T18:00:00'),
    );
    expect(nextClosing(sh('2026-12-07T19:00:00'), [morning, afternoon], SH)).toBeUndefined();
  });

  it('releases quiet-hour notices at the end of the quiet hours', () => {
    const quiet = { start: hm(21, 30), end: hm(8) };
    expect(quietHoursRelease(sh('2026-12-07T23:00:00'), quiet, SH)).toEqual(sh('2026-12-08T08:00:00'));
    expect(quietHoursRelease(sh('2026-12-08T06:00:00'), quiet, SH)).toEqual(sh('2026-12-08T08:00:00'));
    expect(quietHoursRelease(sh('2026-12-08T12:00:00'), quiet, SH)).toBeUndefined();
    expect(quietHoursRelease(new Date('2026-12-07T23:00:00Z'), quiet, LDN)).toEqual(
      new Date('2026-12-08T08:00:00Z'),
    );
  });
});

const base = sh('2026-12-07T10:00:00');
const ticket = (over: Partial<Ticket> = {}): Ticket =>
  ({
    id: 't1',
    number: 'M-1',
    specialty: 'maintenance',
    urgency: 'emergency',
    status: 'new',
    createdAt: base,
    updatedAt: base,
    deadlines: {
      acknowledgeBy: new Date(base.getTime() + 300_000),
      resolveBy: new Date(base.getTime() + 7_200_000),
    },
    history: [{ at: base, event: 'create', by: 'owner' }],
    ...over,
  }) as Ticket;
const escalation = { escalation: { nextLevelAfter: 1_800_000, emergencyRepeatEvery: 300_000 } };

describe('escalation plan', () => {
  it('pings supervisors at the deadline, managers later, and repeats emergencies', () => {
    const steps = escalationPlan(ticket(), escalation, new Date(base.getTime() + 300_000 + 600_000));
    const ack = steps.filter((s) => s.purpose === 'ack');
    expect(ack.map((s) => [s.level, s.repeat, (s.at.getTime() - base.getTime()) / 60_000])).toEqual([
      [1, 0, 5],
      [2, 0, 35],
      [1, 2, 15],
      [1, 3, 20],
    ]);
    expect(steps.some((s) => s.purpose === 'resolve')).toBe(true);
  });

  it('drops the acknowledgement ladder once acknowledged, and a re-planned deadline makes old steps stale', () => {
    const acked = ticket({ status: 'acknowledged' });
    expect(escalationPlan(acked, escalation, base).filter((s) => s.purpose === 'ack')).toEqual([]);
    const [first] = escalationPlan(ticket(), escalation, base);
    const moved = ticket({
      deadlines: { acknowledgeBy: new Date(base.getTime() + 900_000), resolveBy: base },
    });
    expect(isStepPlanned(ticket(), escalation, first!)).toBe(true);
    expect(isStepPlanned(moved, escalation, first!)).toBe(false);
  });

  it('does not repeat ordinary tickets', () => {
    const steps = escalationPlan(
      ticket({ urgency: 'ordinary' }),
      escalation,
      new Date(base.getTime() + 86_400_000),
    );
    expect(steps.every((s) => s.repeat === 0)).toBe(true);
  });
});

describe('paging, return visits, digest', () => {
  const settings = {
    timeZone: SH,
    businessHours: [weekdays],
    departments: { maintenance: { channel: 'C1', onDuty: [] } },
  } as never;
  it('pages at once after hours and at closing time during hours', () => {
    const night = sh('2026-12-07T22:00:00');
    expect(pagePlan(ticket({ createdAt: night, history: [] }), settings)).toEqual({
      since: night,
      at: night,
    });
    expect(pagePlan(ticket(), settings)?.at).toEqual(sh('2026-12-07T18:00:00'));
    expect(pagePlan(ticket({ urgency: 'ordinary' }), settings)).toBeUndefined();
  });

  it('plans return visits by urgency and specialty, out of quiet hours', () => {
    const rv = {
      timeZone: SH,
      quietHours: { start: hm(21, 30), end: hm(8) },
      returnVisit: {
        delay: { emergency: 86_400_000, urgent: 2 * 86_400_000, ordinary: 3 * 86_400_000 },
        bySpecialty: { maintenance: { ordinary: 7 * 86_400_000 } },
        answerWindow: 1,
        lowScore: 2,
      },
    };
    const resolvedAt = sh('2026-12-07T22:00:00');
    const resolved = ticket({ status: 'resolved', resolved: { by: 'U', at: resolvedAt, note: 'x' } });
    expect(returnVisitAt(resolved, rv)?.at).toEqual(sh('2026-12-09T08:00:00'));
    expect(returnVisitAt({ ...resolved, urgency: 'ordinary' }, rv)?.at).toEqual(sh('2026-12-15T08:00:00'));
    expect(returnVisitAt(ticket(), rv)).toBeUndefined();
  });

  it('computes the digest figures', () => {
    const now = sh('2026-12-08T08:00:00');
    const acked = ticket({
      id: 't2',
      status: 'resolved',
      urgency: 'urgent',
      history: [
        { at: base, event: 'create', by: 'owner' },
        { at: new Date(base.getTime() + 600_000), event: 'acknowledge', by: 'U' },
        { at: new Date(base.getTime() + 3_600_000), event: 'resolve', by: 'U' },
      ],
      returnVisits: [{ kind: 'resolution', after: base, askedAt: base, answeredAt: base, score: 4 }],
    });
    const stats = digestStats([ticket(), acked], now);
    expect(stats.created.maintenance).toEqual({ emergency: 1, urgent: 1, ordinary: 0 });
    expect(stats.open.maintenance.emergency).toBe(1);
    expect(stats.overdue.maintenance.emergency).toBe(1);
    expect(stats.medianAcknowledgeMs).toBe(600_000);
    expect(stats.medianResolveMs).toBe(3_600_000);
    expect(stats.averageSatisfaction).toBe(4);
    expect(nextDailyAt(now, hm(8), SH)).toEqual(sh('2026-12-09T08:00:00'));
  });
});
