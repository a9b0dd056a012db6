import { NATURES, SPECIALTIES, URGENCIES } from '../taxonomy.js';
import type { ResolvedLanguage, SourcedEntry } from './apply-overrides.js';
import { CUE_KINDS, type CueKind } from './cue-kinds.js';
import { LexiconError } from './lexicon-error.js';
import { SubstringTrie } from './substring-trie.js';
import { wordsOf } from './tokenize-words.js';
import { WordResolver } from './word-resolver.js';

/** Words are matched on the tokenised text (positions are word indexes); substrings on characters. */
export const WORD_CHANNEL = 0;
export const SUBSTRING_CHANNEL = 1;
export type Channel = typeof WORD_CHANNEL | typeof SUBSTRING_CHANNEL;

/** What a match of any term of one lexicon entry (or cue list) counts towards; -1 for nothing. */
export interface CompiledGroup {
  readonly specialty: number;
  readonly urgency: number;
  readonly nature: number;
  readonly weight: number;
  readonly cue: number;
}

/** One term, as lists of alternative ids per part. */
export interface CompiledPattern {
  readonly group: number;
  readonly channel: Channel;
  readonly parts: readonly (readonly number[])[];
  readonly ordered: boolean;
  readonly gap: number;
  readonly term: string;
}

/** A lexicon compiled for matching: word and substring dictionaries, patterns, and per-id triggers. */
export interface CompiledLexicon {
  readonly words: WordResolver;
  readonly trie: SubstringTrie;
  readonly groups: readonly CompiledGroup[];
  readonly patterns: readonly CompiledPattern[];
  /** Per channel, per id: flat pairs of (pattern index, part index) that the id can start. */
  readonly triggers: readonly [readonly (readonly number[])[], readonly (readonly number[])[]];
  /** Per channel, ids of single-part clause-break cues. */
  readonly clauseBreaks: readonly [ReadonlySet<number>, ReadonlySet<number>];
}

const DEFAULT_GAP = { ordered: [1, 4], anyOrder: [6, 10] } as const;
const CUE_GAP = [2, 4] as const;

/** Printable ASCII (or ’) only, and not empty: an English word or phrase part rather than Chinese or emoji. */
function isAscii(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 || code > 0x7e) && code !== 0x2019) return false;
  }
  return true;
}

/** Compiles resolved lexicon languages; throws a LexiconError naming the entry for a term it cannot read. */
export function compileLexicon(languages: readonly ResolvedLanguage[]): CompiledLexicon {
  const words = new WordResolver();
  const trie = new SubstringTrie();
  const groups: CompiledGroup[] = [];
  const patterns: CompiledPattern[] = [];
  /** Parts already read, by their text: many terms share them (`lift|lifts|elevator|elevators`). */
  const readings = new Map<string, PartReading>();

  const addGroup = (
    group: CompiledGroup,
    terms: readonly string[],
    entry: Partial<SourcedEntry>,
    source: string,
  ) => {
    const groupIndex = groups.push(group) - 1;
    const seen = new Set<string>();
    for (const term of terms) {
      const { channel, parts } = parseTerm(term, source, words, trie, readings);
      const key = `${channel}:${parts.join(';')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const ordered = !(entry.anyOrder ?? false);
      const gap =
        entry.gap ??
        (group.cue >= 0 ? CUE_GAP[channel] : DEFAULT_GAP[ordered ? 'ordered' : 'anyOrder'][channel]);
      patterns.push({ group: groupIndex, channel, parts, ordered, gap, term });
    }
  };

  for (const language of languages) {
    for (const entry of language.entries) {
      checkEntry(entry);
      addGroup(
        {
          specialty: entry.specialty === undefined ? -1 : SPECIALTIES.indexOf(entry.specialty),
          urgency: entry.urgency === undefined ? -1 : URGENCIES.indexOf(entry.urgency),
          nature: entry.nature === undefined ? -1 : NATURES.indexOf(entry.nature),
          weight: entry.weight ?? 1,
          cue: -1,
        },
        entry.terms,
        entry,
        entry.source,
      );
    }
    for (const kind of CUE_KINDS) {
      addGroup(
        { specialty: -1, urgency: -1, nature: -1, weight: 0, cue: CUE_KINDS.indexOf(kind) },
        language.cues[kind],
        {},
        `cues.${kind}`,
      );
    }
  }

  const keep = new Set(languages.flatMap((language) => language.keep.map((word) => word.toLowerCase())));
  words.configureFuzzy({
    minLength: Math.min(...languages.map((language) => language.fuzzyMinLength)),
    keep,
  });

  const triggers: [number[][], number[][]] = [
    Array.from({ length: words.size }, () => []),
    Array.from({ length: trie.size }, () => []),
  ];
  const clauseBreaks: [Set<number>, Set<number>] = [new Set(), new Set()];
  const clauseBreak = CUE_KINDS.indexOf('clauseBreak' satisfies CueKind);
  patterns.forEach((pattern, index) => {
    const table = triggers[pattern.channel];
    pattern.parts.forEach((alternatives, part) => {
      if (part > 0 && pattern.ordered) return;
      for (const id of alternatives) table[id]!.push(index, part);
    });
    if (groups[pattern.group]!.cue === clauseBreak && pattern.parts.length === 1) {
      for (const id of pattern.parts[0]!) clauseBreaks[pattern.channel].add(id);
    }
  });
  return { words, trie, groups, patterns, triggers, clauseBreaks };
}

function checkEntry(entry: SourcedEntry): void {
  const fail = (problem: string): never => {
    throw new LexiconError(`${entry.source}: ${problem}`);
  };
  if (entry.specialty === undefined && entry.urgency === undefined && entry.nature === undefined) {
    fail('entry must set at least one of "specialty", "urgency", "nature"');
  }
  if (entry.specialty !== undefined && !SPECIALTIES.includes(entry.specialty))
    fail(`unknown specialty "${entry.specialty}"`);
  if (entry.urgency !== undefined && !URGENCIES.includes(entry.urgency))
    fail(`unknown urgency "${entry.urgency}"`);
  if (entry.nature !== undefined && !NATURES.includes(entry.nature)) fail(`unknown nature "${entry.nature}"`);
  if (entry.weight !== undefined && !(entry.weight >= 0 && entry.weight <= 10))
    fail('weight must be between 0 and 10');
}

/** What one part of a term (`lift|lifts`, `漏水`) reads as: its channel and the parts it becomes. */
interface PartReading {
  readonly channel: Channel;
  readonly parts: readonly (readonly number[])[];
}

function parseTerm(
  term: string,
  source: string,
  words: WordResolver,
  trie: SubstringTrie,
  readings: Map<string, PartReading>,
): { channel: Channel; parts: (readonly number[])[] } {
  const fail = (problem: string): never => {
    throw new LexiconError(`${source}: term ${JSON.stringify(term)} ${problem}`);
  };
  let channel: Channel | undefined;
  const parts: (readonly number[])[] = [];
  for (const raw of term.trim().toLowerCase().split(/\s+/)) {
    let reading = readings.get(raw);
    if (reading === undefined) {
      reading = readPart(raw, fail, words, trie);
      readings.set(raw, reading);
    }
    if (channel !== undefined && reading.channel !== channel) fail(MIXED);
    channel = reading.channel;
    for (const part of reading.parts) parts.push(part);
  }
  return { channel: channel ?? WORD_CHANNEL, parts };
}

const MIXED = 'mixes English words with Chinese or emoji; split it into separate terms';

function readPart(
  raw: string,
  fail: (problem: string) => never,
  words: WordResolver,
  trie: SubstringTrie,
): PartReading {
  const alternatives = raw.split('|');
  let ascii = false;
  let other = false;
  for (const alternative of alternatives) {
    if (isAscii(alternative)) ascii = true;
    else other = true;
  }
  if (ascii && other) fail(MIXED);
  if (alternatives.some((alternative) => alternative === '' || alternative === '=')) {
    fail('has an empty alternative');
  }
  if (other) {
    return {
      channel: SUBSTRING_CHANNEL,
      parts: [alternatives.map((alternative) => trie.register(alternative))],
    };
  }
  const tokenised = alternatives.map((alternative) => {
    const exact = alternative.startsWith('=');
    return { exact, tokens: wordsOf(exact ? alternative.slice(1) : alternative) };
  });
  if (tokenised.some(({ tokens }) => tokens.length === 0)) fail('has a part with no letters or digits');
  if (alternatives.length === 1) {
    const { exact, tokens } = tokenised[0]!;
    if (exact && tokens.length > 1) fail('uses "=" on more than one word');
    return { channel: WORD_CHANNEL, parts: tokens.map((token) => [words.register(token, exact)]) };
  }
  const multi = tokenised.find(({ tokens }) => tokens.length > 1);
  if (multi !== undefined) {
    fail(
      `has an alternative "${multi.tokens.join(' ')}" of several words; alternatives must be single words`,
    );
  }
  return {
    channel: WORD_CHANNEL,
    parts: [tokenised.map(({ exact, tokens }) => words.register(tokens[0]!, exact))],
  };
}
