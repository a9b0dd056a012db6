import { describe, expect, it } from '@jest/globals';
import { createClassifier } from '../../../src/core/classifier/create-classifier.js';
import { LexiconError } from '../../../src/core/classifier/lexicon-error.js';

describe('createClassifier', () => {
  it('matches terms the operator adds, in English and Chinese', () => {
    const classifier = createClassifier({
      en: { add: [{ terms: ['koi pond'], specialty: 'greening', weight: 4 }] },
      zh: { add: [{ term: '锦鲤池', specialty: 'greening', weight: 4 }] },
    });
    expect(classifier.classify('the koi pond is green and murky').specialty).toBe('greening');
    expect(classifier.classify('锦鲤池的水发绿了').specialty).toBe('greening');
  });

  it('lets the operator silence a shipped term by setting its weight to 0', () => {
    const classifier = createClassifier({ en: { weights: { lift: 0, lifts: 0, elevator: 0 } } });
    expect(classifier.classify('the lift is dirty').specialty).toBe('cleaning');
  });

  it('lets the operator remove a shipped term', () => {
    const classifier = createClassifier({ en: { remove: ['gym'] } });
    expect(classifier.classify('what time does the gym open').evidence.specialty).not.toContain('gym');
  });

  it('lets the operator add cue words', () => {
    const classifier = createClassifier({ en: { cues: { resolved: ['all sorted'] } } });
    expect(classifier.classify('the leak is all sorted').urgency).toBe('ordinary');
  });

  it('rejects removing a term that is not in the lexicon, naming the config key', () => {
    expect(() => createClassifier({ en: { remove: ['definitely-not-a-term'] } })).toThrow(LexiconError);
    expect(() => createClassifier({ en: { remove: ['definitely-not-a-term'] } })).toThrow(
      /classifier\.lexicon\.en\.remove: "definitely-not-a-term"/,
    );
  });

  it('rejects re-weighting a term that is not in the lexicon', () => {
    expect(() => createClassifier({ zh: { weights: { 不存在的词: 2 } } })).toThrow(
      /classifier\.lexicon\.zh\.weights/,
    );
  });

  it('rejects a term that mixes English words with Chinese, naming the entry', () => {
    expect(() =>
      createClassifier({ en: { add: [{ term: 'lift 坏了', specialty: 'maintenance' }] } }),
    ).toThrow(/classifier\.lexicon\.en\.add\[0\]: term "lift 坏了" mixes English words with Chinese/);
  });

  it('rejects an alternative of several words', () => {
    expect(() =>
      createClassifier({ en: { add: [{ term: "can't|won't open", urgency: 'urgent' }] } }),
    ).toThrow(/alternatives must be single words/);
  });

  it('uses the low-confidence threshold given at build time unless a call overrides it', () => {
    const strict = createClassifier(undefined, { lowConfidenceThreshold: 0.99 });
    expect(strict.classify('the lift is broken').specialty).toBe('general');
    expect(strict.classify('the lift is broken', { lowConfidenceThreshold: 0.1 }).specialty).toBe(
      'maintenance',
    );
  });
});
