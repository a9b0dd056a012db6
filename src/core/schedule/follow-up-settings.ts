import type { Specialty, Urgency } from '../taxonomy.js';
import type { StaffMember } from '../tickets/authorize-staff.js';
import type { OnDutyShift, WeeklySpan } from './weekly-hours.js';

/** The settings the timing rules read (a subset of the parsed settings: durations in ms, times in minutes). */
export interface FollowUpSettings {
  timeZone: string;
  deadlines: { acknowledge: Record<Urgency, number>; resolve: Record<Urgency, number> };
  escalation: { nextLevelAfter: number; emergencyRepeatEvery: number };
  businessHours: readonly WeeklySpan[];
  departments: Record<
    Specialty,
    { channel: string; businessHours?: readonly WeeklySpan[]; onDuty: readonly OnDutyShift[] }
  >;
  quietHours: { start: number; end: number };
  returnVisit: {
    delay: Record<Urgency, number>;
    bySpecialty: Partial<Record<Specialty, Partial<Record<Urgency, number>>>>;
    answerWindow: number;
    lowScore: number;
  };
  digest: { time: number };
  supervisorsChannel: string;
  people: readonly StaffMember[];
}

/** The business hours of `department`: its own, or the estate's. */
export const hoursOf = (
  settings: Pick<FollowUpSettings, 'businessHours' | 'departments'>,
  department: Specialty,
) => settings.departments[department].businessHours ?? settings.businessHours;
