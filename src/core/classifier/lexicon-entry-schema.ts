import { z } from 'zod';
import { NATURES, SPECIALTIES, URGENCIES } from '../taxonomy.js';
import { CUE_KINDS, type CueKind } from './cue-kinds.js';

const quoted = (values: readonly string[]): string => values.map((value) => `"${value}"`).join(', ');

const enumOf = <const T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, {
    error: (issue) => `unknown ${what} ${JSON.stringify(issue.input)}; expected one of ${quoted(values)}`,
  });

/** Weight of a lexicon entry: how strongly one match counts; 0 keeps a phrase only to block shorter terms. */
export const lexiconWeightSchema = z
  .number({ error: 'weight must be a number' })
  .min(0, 'weight must be between 0 and 10')
  .max(10, 'weight must be between 0 and 10');

/**
 * A term: a word, a phrase, or a Chinese/emoji string. Spaces separate the parts of a phrase, which match in
 * order with at most `gap` other words (or characters, for Chinese) between them; `a|b` lists alternatives for
 * one part; a leading `=` matches the word as written instead of by its stem (`=smoke` is not `smoking`).
 */
export const lexiconTermSchema = z
  .string({ error: 'term must be a string' })
  .trim()
  .min(1, 'term must not be empty')
  .refine((term) => !/(^|[\s|])\|/.test(term) && !/\|($|\s)/.test(term), {
    error: (issue) => `term ${JSON.stringify(issue.input)} has an empty alternative around "|"`,
  })
  .refine((term) => !/(^|[\s|])=($|[\s|])/.test(term), {
    error: (issue) => `term ${JSON.stringify(issue.input)} has "=" without a word after it`,
  });

/** One lexicon entry: terms that, when found, count towards a specialty, urgency and/or nature. */
export const lexiconEntrySchema = z
  .object({
    term: lexiconTermSchema.optional(),
    terms: z.array(lexiconTermSchema).min(1, 'terms must list at least one term').optional(),
    specialty: enumOf(SPECIALTIES, 'specialty').optional(),
    urgency: enumOf(URGENCIES, 'urgency').optional(),
    nature: enumOf(NATURES, 'nature').optional(),
    weight: lexiconWeightSchema.optional(),
    gap: z
      .number()
      .int('gap must be a whole number')
      .min(0, 'gap must be 0 or more')
      .max(30, 'gap must be 30 or less')
      .optional(),
    anyOrder: z.boolean().optional(),
  })
  .strict()
  .refine((entry) => entry.term !== undefined || entry.terms !== undefined, {
    error: 'entry needs "term" or "terms"',
  })
  .refine(
    (entry) => entry.specialty !== undefined || entry.urgency !== undefined || entry.nature !== undefined,
    {
      error: 'entry must set at least one of "specialty", "urgency", "nature"',
    },
  );

/** A lexicon entry as written in the lexicon data or the operator's YAML. */
export type LexiconEntry = z.infer<typeof lexiconEntrySchema>;

/** Cue terms per kind; same term syntax as entries. */
export const lexiconCuesSchema = z
  .object(
    Object.fromEntries(CUE_KINDS.map((kind) => [kind, z.array(lexiconTermSchema).optional()])) as {
      [K in CueKind]: z.ZodOptional<z.ZodArray<typeof lexiconTermSchema>>;
    },
  )
  .strict();
export type LexiconCues = z.infer<typeof lexiconCuesSchema>;
