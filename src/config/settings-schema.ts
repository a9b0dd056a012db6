import { IANAZone } from 'luxon';
import { z } from 'zod';
import { lexiconOverridesSchema } from '../core/classifier/lexicon-overrides-schema.js';
import { LANGUAGES, SPECIALTIES } from '../core/taxonomy.js';
import { clockTimeSchema } from './clock-time.js';
import { durationSchema } from './duration.js';
import { slackChannelIdSchema, slackUserIdSchema } from './slack-ids.js';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const specialtySchema = z.enum(SPECIALTIES);

const perUrgency = <T extends z.ZodType>(value: T) =>
  z.object({ emergency: value, urgent: value, ordinary: value }).strict();

/** Weekly hours, e.g. Monday to Friday 08:00–18:00; `end` before `start` runs past midnight. */
const weeklyHoursSchema = z
  .object({
    days: z.array(z.enum(WEEKDAYS)).min(1, 'name at least one day'),
    start: clockTimeSchema,
    end: clockTimeSchema,
  })
  .strict()
  .refine((h) => h.start !== h.end, { message: 'start and end are the same time', path: ['end'] });

const onDutyShiftSchema = z
  .object({
    user: slackUserIdSchema,
    days: z.array(z.enum(WEEKDAYS)).min(1, 'name at least one day'),
    start: clockTimeSchema,
    end: clockTimeSchema,
  })
  .strict();

const departmentSchema = z
  .object({
    /** Channel where this department's ticket cards are posted. */
    channel: slackChannelIdSchema,
    /** Overrides the estate's business hours for this department. */
    businessHours: z.array(weeklyHoursSchema).min(1).optional(),
    /** Who is paged outside business hours for emergency and urgent tickets. */
    onDuty: z.array(onDutyShiftSchema).default([]),
  })
  .strict();

const personSchema = z
  .object({
    slackUserId: slackUserIdSchema,
    name: z.string().trim().min(1, 'is empty'),
    /** `staff` act on their departments' tickets; `supervisor` oversees them (level 1); `manager` is level 2. */
    role: z.enum(['staff', 'supervisor', 'manager']),
    /** Departments this person works in or oversees; empty for a supervisor or manager means all. */
    departments: z.array(specialtySchema).default([]),
  })
  .strict();

/** The operator's YAML settings (`CONFIG_FILE`). Durations are strings such as "10m"; times are "HH:MM". */
export const settingsSchema = z
  .object({
    /** IANA time zone of the estate, e.g. "Asia/Shanghai"; business and quiet hours are read in it. */
    timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), {
      message: 'is not an IANA time zone (like "Asia/Shanghai" or "Europe/London")',
    }),
    /** Language for owners whose Telegram language is neither English nor Chinese. */
    defaultLanguage: z.enum(LANGUAGES).default('en'),
    /** Phone line given to owners in the first answer to an emergency. */
    emergencyPhone: z.string().trim().min(3, 'is too short to be a phone number'),
    departments: z
      .object({
        maintenance: departmentSchema,
        security: departmentSchema,
        cleaning: departmentSchema,
        greening: departmentSchema,
        /** The front desk: whatever is unclassified or general. */
        general: departmentSchema,
      })
      .strict(),
    /** Channel where escalations and the morning digest go. */
    supervisorsChannel: slackChannelIdSchema,
    people: z.array(personSchema).min(1, 'list at least one person'),
    deadlines: z
      .object({ acknowledge: perUrgency(durationSchema), resolve: perUrgency(durationSchema) })
      .strict(),
    escalation: z
      .object({
        /** After the first ping to supervisors, how long until managers are pinged. */
        nextLevelAfter: durationSchema,
        /** Emergencies repeat the ping this often until someone acknowledges. */
        emergencyRepeatEvery: durationSchema,
      })
      .strict(),
    businessHours: z.array(weeklyHoursSchema).min(1, 'list at least one span of hours'),
    /** Ordinary notices that would reach owners in this span wait for its end. */
    quietHours: z.object({ start: clockTimeSchema, end: clockTimeSchema }).strict(),
    returnVisit: z
      .object({
        delay: perUrgency(durationSchema),
        /** Per-specialty overrides of `delay`. */
        bySpecialty: z.partialRecord(specialtySchema, perUrgency(durationSchema).partial()).default({}),
        /** How long an owner has to answer before the ticket closes quietly. */
        answerWindow: durationSchema,
        /** A rating at or below this reopens the ticket. */
        lowScore: z.number().int().min(1).max(4).default(2),
      })
      .strict(),
    digest: z.object({ time: clockTimeSchema }).strict(),
    intake: z
      .object({
        /** How long an owner's "this belongs to ticket X" answer is remembered. */
        followUpWindow: durationSchema.default(30 * 60_000),
      })
      .strict()
      .default({ followUpWindow: 30 * 60_000 }),
    classifier: z
      .object({
        /** Below this specialty confidence a ticket goes to the front desk. */
        lowConfidence: z.number().min(0).max(1).default(0.35),
        /** Operator additions and overrides of the shipped lexicon, per language. */
        lexicon: lexiconOverridesSchema.optional(),
      })
      .strict()
      .default({ lowConfidence: 0.35 }),
  })
  .strict()
  .superRefine(
    (settings, ctx) => {
      const seen = new Map<string, number>();
      const people = Array.isArray(settings.people) ? settings.people : [];
      people.forEach((person, index) => {
        if (typeof person?.slackUserId !== 'string') return;
        const first = seen.get(person.slackUserId);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['people', index, 'slackUserId'],
            message: `${person.slackUserId} is listed twice (also people.${first})`,
          });
        }
        seen.set(person.slackUserId, index);
        if (person.role === 'staff' && (person.departments ?? []).length === 0) {
          ctx.addIssue({
            code: 'custom',
            path: ['people', index, 'departments'],
            message: 'staff must belong to at least one department',
          });
        }
      });
      if (people.length === 0) return;
      for (const specialty of SPECIALTIES) {
        const onDuty = settings.departments?.[specialty]?.onDuty;
        (Array.isArray(onDuty) ? onDuty : []).forEach((shift, index) => {
          if (typeof shift?.user === 'string' && !seen.has(shift.user)) {
            ctx.addIssue({
              code: 'custom',
              path: ['departments', specialty, 'onDuty', index, 'user'],
              message: `${shift.user} is not in people`,
            });
          }
        });
      }
    },
    // Cross-checks run even when a field is invalid, so every problem is listed at once.
    { when: () => true },
  );

/** Parsed settings: durations in milliseconds, times of day in minutes after midnight. */
export type Settings = z.output<typeof settingsSchema>;
/** Settings as written in YAML. */
export type SettingsInput = z.input<typeof settingsSchema>;
