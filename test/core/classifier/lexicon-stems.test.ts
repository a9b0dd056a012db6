import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { applyOverrides } from '../../../src/core/classifier/apply-overrides.js';
import { compileLexicon } from '../../../src/core/classifier/compile-lexicon.js';
import { defaultLexicon } from '../../../src/core/classifier/lexicon.js';

const FILE = 'src/core/classifier/lexicon-stems.json';

/** The stems file for the shipped lexicon: every word registered by stem, sorted. */
function expectedStems(): Record<string, string> {
  const languages = applyOverrides(defaultLexicon);
  const words = compileLexicon([languages.en, languages.zh]).words.stemmedWords().sort();
  return Object.fromEntries(words.map((word) => [word, PorterStemmer.stem(word)]));
}

describe('lexicon-stems.json', () => {
  it('lists the Porter stem of every shipped lexicon word (UPDATE_LEXICON_STEMS=1 rewrites it)', () => {
    const expected = expectedStems();
    if (process.env.UPDATE_LEXICON_STEMS === '1') {
      writeFileSync(FILE, `${JSON.stringify(expected).replace(/","/g, '",\n"')}\n`);
    }
    const shipped = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, string>;
    expect(shipped).toEqual(expected);
  });
});
