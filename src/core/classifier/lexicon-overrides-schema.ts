import { z } from 'zod';
import {
  lexiconCuesSchema,
  lexiconEntrySchema,
  lexiconTermSchema,
  lexiconWeightSchema,
} from './lexicon-entry-schema.js';

/** What an operator may change in one language of the lexicon. */
export const lexiconLanguageOverridesSchema = z
  .object({
    /** New entries, matched like the shipped ones. */
    add: z.array(lexiconEntrySchema).optional(),
    /** New weight for a shipped term, wherever it appears; 0 silences it. */
    weights: z.record(lexiconTermSchema, lexiconWeightSchema).optional(),
    /** Shipped terms to drop from every entry and cue list. */
    remove: z.array(lexiconTermSchema).optional(),
    /** Extra cue terms (negation, past, resolved, intensity, ...). */
    cues: lexiconCuesSchema.optional(),
    /** English words that must never be read as a misspelling of a lexicon word. */
    keep: z.array(lexiconTermSchema).optional(),
  })
  .strict();

/** Operator overrides of the classifier lexicon, as found under `classifier.lexicon` in the YAML config. */
export const lexiconOverridesSchema = z
  .object({
    en: lexiconLanguageOverridesSchema.optional(),
    zh: lexiconLanguageOverridesSchema.optional(),
  })
  .strict();

/** Operator overrides of the classifier lexicon. */
export type LexiconOverrides = z.infer<typeof lexiconOverridesSchema>;
export type LexiconLanguageOverrides = z.infer<typeof lexiconLanguageOverridesSchema>;
