import { LANGUAGES, type Language } from '../taxonomy.js';
import type { LexiconCues, LexiconEntry } from './lexicon-entry-schema.js';
import { LexiconError } from './lexicon-error.js';
import type { LexiconOverrides } from './lexicon-overrides-schema.js';
import type { Lexicon } from './lexicon-schema.js';

/** A lexicon entry with its terms listed and where it came from, for error messages. */
export interface SourcedEntry extends Omit<LexiconEntry, 'term' | 'terms'> {
  readonly terms: string[];
  readonly source: string;
}

/** One language of a lexicon after operator overrides, ready to compile. */
export interface ResolvedLanguage {
  readonly entries: SourcedEntry[];
  readonly cues: Required<{ [K in keyof LexiconCues]: string[] }>;
  readonly fuzzyMinLength: number;
  readonly keep: string[];
}

/** Applies operator overrides to the shipped lexicon; throws a LexiconError for a term that is not there. */
export function applyOverrides(
  lexicon: Lexicon,
  overrides: LexiconOverrides = {},
): Record<Language, ResolvedLanguage> {
  const resolved = {} as Record<Language, ResolvedLanguage>;
  for (const language of LANGUAGES) {
    const shipped = lexicon[language];
    const entries: SourcedEntry[] = shipped.entries.map((entry, index) =>
      sourced(entry, `${language}.entries[${index}]`),
    );
    const cues = {
      negation: [...(shipped.cues.negation ?? [])],
      past: [...(shipped.cues.past ?? [])],
      pastDistant: [...(shipped.cues.pastDistant ?? [])],
      present: [...(shipped.cues.present ?? [])],
      future: [...(shipped.cues.future ?? [])],
      resolved: [...(shipped.cues.resolved ?? [])],
      intensity: [...(shipped.cues.intensity ?? [])],
      calm: [...(shipped.cues.calm ?? [])],
      clauseBreak: [...(shipped.cues.clauseBreak ?? [])],
    };
    const keep = [...(shipped.fuzzy?.keep ?? [])];
    const override = overrides[language];
    const key = `classifier.lexicon.${language}`;
    for (const term of override?.remove ?? []) {
      let found = false;
      for (const entry of entries) {
        const before = entry.terms.length;
        entry.terms.splice(0, before, ...entry.terms.filter((candidate) => candidate !== term));
        found ||= entry.terms.length < before;
      }
      for (const list of Object.values(cues)) {
        const index = list.indexOf(term);
        if (index >= 0) {
          list.splice(index, 1);
          found = true;
        }
      }
      if (!found) throw new LexiconError(`${key}.remove: "${term}" is not a term of the ${language} lexicon`);
    }
    for (const [term, weight] of Object.entries(override?.weights ?? {})) {
      const owners = entries.filter((entry) => entry.terms.includes(term));
      if (owners.length === 0) {
        throw new LexiconError(`${key}.weights: "${term}" is not a term of the ${language} lexicon`);
      }
      for (const owner of owners) {
        owner.terms.splice(owner.terms.indexOf(term), 1);
        entries.push({ ...owner, terms: [term], weight, source: `${key}.weights["${term}"]` });
      }
    }
    (override?.add ?? []).forEach((entry, index) => {
      entries.push(sourced(entry, `${key}.add[${index}]`));
    });
    for (const [kind, terms] of Object.entries(override?.cues ?? {})) {
      cues[kind as keyof typeof cues].push(...(terms ?? []));
    }
    keep.push(...(override?.keep ?? []));
    resolved[language] = {
      entries: entries.filter((entry) => entry.terms.length > 0),
      cues,
      fuzzyMinLength: shipped.fuzzy?.minLength ?? 6,
      keep,
    };
  }
  return resolved;
}

function sourced(entry: LexiconEntry, source: string): SourcedEntry {
  const { term, terms, ...rest } = entry;
  return { ...rest, terms: [...(term === undefined ? [] : [term]), ...(terms ?? [])], source };
}
