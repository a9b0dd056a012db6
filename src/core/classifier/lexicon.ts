import en from './lexicon-en.json' with { type: 'json' };
import type { Lexicon } from './lexicon-schema.js';
import zh from './lexicon-zh.json' with { type: 'json' };

/** The lexicon shipped with Concierge (data in `lexicon-en.json` and `lexicon-zh.json`). */
export const defaultLexicon = { en, zh } as Lexicon;
