import type { Specialty } from '../taxonomy.js';
import type { StaffMember } from '../tickets/authorize-staff.js';
import { isOpen, type Ticket } from '../tickets/ticket.js';
import type { FollowUpSettings } from './follow-up-settings.js';

/** Which deadline a step of the ladder is about. */
export type EscalationPurpose = 'ack' | 'resolve';

/**
 * One ping of the escalation ladder. Level 1 pings supervisors at the deadline, level 2 managers
 * `nextLevelAfter` later; emergencies repeat every `emergencyRepeatEvery` (repeat n ≥ 1) until the deadline is
 * met. `id` is unique per ticket: purpose, deadline and rung, so a re-planned deadline makes new steps.
 */
export interface EscalationStep {
  id: string;
  purpose: EscalationPurpose;
  level: 1 | 2;
  repeat: number;
  deadline: Date;
  at: Date;
}

/** The deadline of `purpose` while it is still to be met, or undefined once met (or no longer relevant). */
export function pendingDeadline(ticket: Ticket, purpose: EscalationPurpose): Date | undefined {
  if (purpose === 'ack')
    return ticket.status === 'new' || ticket.status === 'reopened'
      ? ticket.deadlines.acknowledgeBy
      : undefined;
  return isOpen(ticket) ? ticket.deadlines.resolveBy : undefined;
}

const stepId = (purpose: EscalationPurpose, deadline: Date, rung: string) =>
  `${purpose}:${deadline.getTime()}:${rung}`;

function stepsFor(
  ticket: Ticket,
  purpose: EscalationPurpose,
  settings: Pick<FollowUpSettings, 'escalation'>,
  now: Date,
): EscalationStep[] {
  const deadline = pendingDeadline(ticket, purpose);
  if (!deadline) return [];
  const start = deadline.getTime();
  const levelTwoAt = start + settings.escalation.nextLevelAfter;
  const steps: EscalationStep[] = [
    { id: stepId(purpose, deadline, 'L1'), purpose, level: 1, repeat: 0, deadline, at: deadline },
    { id: stepId(purpose, deadline, 'L2'), purpose, level: 2, repeat: 0, deadline, at: new Date(levelTwoAt) },
  ];
  const every = settings.escalation.emergencyRepeatEvery;
  if (ticket.urgency === 'emergency' && every > 0) {
    // Only the latest repeat that is due and the next one: each repeat, when it runs, plans the one after.
    const due = Math.floor((now.getTime() - start) / every);
    for (const n of [due, due + 1]) {
      if (n < 1) continue;
      const at = start + n * every;
      steps.push({
        id: stepId(purpose, deadline, `R${n}`),
        purpose,
        level: at >= levelTwoAt ? 2 : 1,
        repeat: n,
        deadline,
        at: new Date(at),
      });
    }
  }
  return steps;
}

/**
 * The pings the ticket's deadlines call for, as of `now`: the fixed rungs (levels 1 and 2) of each deadline still
 * to be met, and for emergencies the latest due repeat and the next one. Steps in the past are included: a step
 * that ran already is recognised by its id.
 */
export function escalationPlan(
  ticket: Ticket,
  settings: Pick<FollowUpSettings, 'escalation'>,
  now: Date,
): EscalationStep[] {
  return [...stepsFor(ticket, 'ack', settings, now), ...stepsFor(ticket, 'resolve', settings, now)];
}

/** Whether the step `id` is still part of the ticket's ladder (its deadline unmet and unchanged). */
export function isStepPlanned(
  ticket: Ticket,
  settings: Pick<FollowUpSettings, 'escalation'>,
  step: Pick<EscalationStep, 'id' | 'at'>,
): boolean {
  return escalationPlan(ticket, settings, step.at).some((planned) => planned.id === step.id);
}

/** Who a step pings: supervisors (level 1) or managers (level 2) over `department`. */
export function escalationRecipients(
  people: readonly StaffMember[],
  department: Specialty,
  level: 1 | 2,
): string[] {
  const role = level === 1 ? 'supervisor' : 'manager';
  return people
    .filter((p) => p.role === role && (p.departments.length === 0 || p.departments.includes(department)))
    .map((p) => p.slackUserId);
}
