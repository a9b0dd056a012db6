import { z } from 'zod';
import { lexiconCuesSchema, lexiconEntrySchema, lexiconTermSchema } from './lexicon-entry-schema.js';

/** One language's part of the lexicon. */
export const lexiconLanguageSchema = z
  .object({
    cues: lexiconCuesSchema,
    entries: z.array(lexiconEntrySchema),
    fuzzy: z
      .object({
        minLength: z.number().int().min(3).max(20),
        keep: z.array(lexiconTermSchema),
      })
      .strict()
      .optional(),
  })
  .strict();
export type LexiconLanguage = z.infer<typeof lexiconLanguageSchema>;

/** The whole lexicon the classifier compiles: English and Chinese. */
export const lexiconSchema = z.object({ en: lexiconLanguageSchema, zh: lexiconLanguageSchema }).strict();
export type Lexicon = z.infer<typeof lexiconSchema>;
