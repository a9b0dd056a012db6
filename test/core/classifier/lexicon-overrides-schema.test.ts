import { describe, expect, it } from '@jest/globals';
import { lexiconOverridesSchema } from '../../../src/core/classifier/lexicon-overrides-schema.js';

const errorOf = (value: unknown): string => {
  const result = lexiconOverridesSchema.safeParse(value);
  if (result.success) throw new Error('expected the overrides to be rejected');
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n');
};

describe('lexiconOverridesSchema', () => {
  it('accepts added terms, weights, removals and cues per language', () => {
    const overrides = {
      en: {
        add: [
          { terms: ['boiler room', 'plant room'], specialty: 'maintenance', nature: 'routine', weight: 2 },
          { term: 'sewage everywhere', urgency: 'emergency', weight: 4 },
        ],
        weights: { leak: 2.5 },
        remove: ['gym'],
        cues: { resolved: ['all sorted'] },
        keep: ['lodged'],
      },
      zh: { add: [{ term: '电梯 困', gap: 6, specialty: 'maintenance', urgency: 'emergency' }] },
    };
    expect(lexiconOverridesSchema.parse(overrides)).toEqual(overrides);
  });

  it('names an unknown specialty', () => {
    expect(errorOf({ en: { add: [{ term: 'pool', specialty: 'swimming' }] } })).toMatch(
      /en\.add\.0\.specialty: unknown specialty "swimming"; expected one of "maintenance"/,
    );
  });

  it('names an unknown urgency', () => {
    expect(errorOf({ en: { add: [{ term: 'pool', urgency: 'asap' }] } })).toMatch(/unknown urgency "asap"/);
  });

  it('rejects an empty term', () => {
    expect(errorOf({ zh: { add: [{ term: '  ', specialty: 'cleaning' }] } })).toMatch(
      /zh\.add\.0\.term: term must not be empty/,
    );
  });

  it('rejects a weight out of range', () => {
    expect(errorOf({ en: { weights: { leak: 12 } } })).toMatch(
      /en\.weights\.leak: weight must be between 0 and 10/,
    );
  });

  it('rejects an entry that decides nothing', () => {
    expect(errorOf({ en: { add: [{ term: 'pool' }] } })).toMatch(
      /must set at least one of "specialty", "urgency", "nature"/,
    );
  });

  it('rejects an empty alternative', () => {
    expect(errorOf({ en: { add: [{ term: 'lift| stuck', urgency: 'urgent' }] } })).toMatch(
      /empty alternative/,
    );
  });

  it('rejects unknown keys and languages', () => {
    expect(errorOf({ fr: {} })).toMatch(/fr/);
    expect(errorOf({ en: { added: [] } })).toMatch(/added/);
  });
});
