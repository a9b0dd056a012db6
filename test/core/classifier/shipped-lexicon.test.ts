import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { applyOverrides } from '../../../src/core/classifier/apply-overrides.js';
import { compileLexicon } from '../../../src/core/classifier/compile-lexicon.js';
import { defaultLexicon } from '../../../src/core/classifier/lexicon.js';
import { lexiconSchema } from '../../../src/core/classifier/lexicon-schema.js';

describe('the shipped lexicon', () => {
  it('is valid lexicon data', () => {
    expect(() => lexiconSchema.parse(defaultLexicon)).not.toThrow();
  });

  it('compiles', () => {
    const languages = applyOverrides(defaultLexicon);
    expect(compileLexicon([languages.en, languages.zh]).patterns.length).toBeGreaterThan(1000);
  });

  it('lists every dictionary word that would otherwise be read as a misspelling in fuzzy.keep', () => {
    const dictionaryFile = createRequire(import.meta.url).resolve(
      'natural/lib/natural/brill_pos_tagger/data/English/lexicon_from_posjs.json',
    );
    const dictionary = Object.keys(JSON.parse(readFileSync(dictionaryFile, 'utf8')) as object).filter(
      (word) => /^[a-z]+$/.test(word),
    );
    const languages = applyOverrides(defaultLexicon);
    const { words } = compileLexicon([languages.en, languages.zh]);
    const collapse = (word: string): string => word.replace(/(.)\1+/g, '$1');
    const missing = dictionary.filter((word) => {
      const read = words.fuzzyMatch(word);
      return read !== undefined && collapse(read) !== collapse(word);
    });
    expect(missing).toEqual([]);
  });
});
