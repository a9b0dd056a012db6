import { DateTime } from 'luxon';
import { SPECIALTIES, type Specialty, URGENCIES, type Urgency } from '../taxonomy.js';
import { isOpen, type Ticket } from '../tickets/ticket.js';

/** Counts per department and urgency. */
export type CountTable = Record<Specialty, Record<Urgency, number>>;

/** What the supervisors' morning digest reports, over the day before `now`. */
export interface DigestStats {
  since: Date;
  now: Date;
  created: CountTable;
  open: CountTable;
  overdue: CountTable;
  /** Median milliseconds from report to first acknowledgement / resolution, for those that happened in the day. */
  medianAcknowledgeMs?: number;
  medianResolveMs?: number;
  reopened: number;
  /** Mean return-visit score (1–5) of the day's answers, and how many there were. */
  averageSatisfaction?: number;
  ratings: number;
  /** Open tickets past a deadline, most overdue first. */
  overdueList: { ticket: Ticket; deadline: 'acknowledge' | 'resolve'; lateMs: number }[];
}

const emptyTable = (): CountTable =>
  Object.fromEntries(
    SPECIALTIES.map((s) => [s, Object.fromEntries(URGENCIES.map((u) => [u, 0]))]),
  ) as CountTable;

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Which deadline of an open ticket is missed at `now`, and by how much. */
export function overdueBy(
  ticket: Ticket,
  now: Date,
): { deadline: 'acknowledge' | 'resolve'; lateMs: number } | undefined {
  if (!isOpen(ticket)) return undefined;
  const unacknowledged = ticket.status === 'new' || ticket.status === 'reopened';
  if (unacknowledged && ticket.deadlines.acknowledgeBy < now && ticket.deadlines.resolveBy >= now)
    return { deadline: 'acknowledge', lateMs: now.getTime() - ticket.deadlines.acknowledgeBy.getTime() };
  if (ticket.deadlines.resolveBy < now)
    return { deadline: 'resolve', lateMs: now.getTime() - ticket.deadlines.resolveBy.getTime() };
  return undefined;
}

/** The digest's figures from `tickets` (open ones and those changed in the day), for the 24 h before `now`. */
export function digestStats(
  tickets: readonly Ticket[],
  now: Date,
  since = new Date(now.getTime() - 86_400_000),
): DigestStats {
  const inDay = (at: Date) => at >= since && at < now;
  const created = emptyTable();
  const open = emptyTable();
  const overdue = emptyTable();
  const ackTimes: number[] = [];
  const resolveTimes: number[] = [];
  const scores: number[] = [];
  const overdueList: DigestStats['overdueList'] = [];
  let reopened = 0;
  for (const ticket of tickets) {
    if (inDay(ticket.createdAt)) created[ticket.specialty][ticket.urgency]++;
    if (isOpen(ticket)) open[ticket.specialty][ticket.urgency]++;
    const late = overdueBy(ticket, now);
    if (late) {
      overdue[ticket.specialty][ticket.urgency]++;
      overdueList.push({ ticket, ...late });
    }
    const firstAck = ticket.history.find((e) => e.event === 'acknowledge');
    if (firstAck && inDay(firstAck.at)) ackTimes.push(firstAck.at.getTime() - ticket.createdAt.getTime());
    const firstResolve = ticket.history.find((e) => e.event === 'resolve');
    if (firstResolve && inDay(firstResolve.at))
      resolveTimes.push(firstResolve.at.getTime() - ticket.createdAt.getTime());
    reopened += ticket.history.filter((e) => e.event === 'reopen' && inDay(e.at)).length;
    for (const visit of ticket.returnVisits ?? [])
      if (visit.score !== undefined && visit.answeredAt && inDay(visit.answeredAt)) scores.push(visit.score);
  }
  overdueList.sort((a, b) => b.lateMs - a.lateMs);
  const medianAcknowledgeMs = median(ackTimes);
  const medianResolveMs = median(resolveTimes);
  return {
    since,
    now,
    created,
    open,
    overdue,
    ...(medianAcknowledgeMs !== undefined ? { medianAcknowledgeMs } : {}),
    ...(medianResolveMs !== undefined ? { medianResolveMs } : {}),
    reopened,
    ...(scores.length > 0 ? { averageSatisfaction: scores.reduce((a, b) => a + b, 0) / scores.length } : {}),
    ratings: scores.length,
    overdueList,
  };
}

/** The next time of day `time` (minutes after midnight in `timeZone`) strictly after `now`. */
export function nextDailyAt(now: Date, time: number, timeZone: string): Date {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  let at = local.startOf('day').plus({ minutes: time });
  if (at.toMillis() <= now.getTime()) at = local.startOf('day').plus({ days: 1 }).plus({ minutes: time });
  return at.toJSDate();
}

/** The local date of `at` (YYYY-MM-DD in `timeZone`), to name a day's digest. */
export const localDay = (at: Date, timeZone: string): string =>
  DateTime.fromJSDate(at, { zone: timeZone }).toISODate() ?? at.toISOString().slice(0, 10);
