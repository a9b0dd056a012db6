import { URGENCIES } from '../taxonomy.js';
import type { Classification } from './classification.js';
import { type Channel, type CompiledLexicon, SUBSTRING_CHANNEL, WORD_CHANNEL } from './compile-lexicon.js';
import { CUE_KINDS } from './cue-kinds.js';
import { decideNature, decideSpecialty, decideUrgency } from './decide-fields.js';
import { tokenizeWords } from './tokenize-words.js';

const NEGATION = CUE_KINDS.indexOf('negation');
const RESOLVED = CUE_KINDS.indexOf('resolved');
const INTENSITY = CUE_KINDS.indexOf('intensity');
const CALM = CUE_KINDS.indexOf('calm');
const PAST = 1;
const DISTANT = 2;
const PRESENT = 4;
const FUTURE = 8;
const TENSE_FLAG = CUE_KINDS.map((kind) =>
  kind === 'past'
    ? PAST
    : kind === 'pastDistant'
      ? DISTANT
      : kind === 'present'
        ? PRESENT
        : kind === 'future'
          ? FUTURE
          : 0,
);

const EMERGENCY = 0;
const URGENT = 1;
const NONE = 3;
const SPECIALTY_BIT = 1;
const URGENCY_BIT = 2;
const NATURE_BIT = 4;
/** A negation reaches the term right after it, or one word (character) further. */
const NEGATION_REACH = 1;
const MAX_EVIDENCE = 6;

/** One match of a lexicon term (or cue) in the message. */
interface Match {
  readonly pattern: number;
  readonly group: number;
  readonly channel: Channel;
  /** Indexes into the channel's occurrences, one per part. */
  readonly parts: readonly number[];
  readonly start: number;
  readonly end: number;
  readonly charStart: number;
  readonly charEnd: number;
  readonly clause: number;
  readonly phrase: number;
  /** Positions the parts cover; positions skipped between parts. */
  readonly covered: number;
  readonly gaps: number;
  negated: boolean;
}

/** Lexicon ids found in the message, for one channel, as parallel arrays. */
class Occurrences {
  count = 0;
  readonly id: number[] = [];
  readonly start: number[] = [];
  readonly end: number[] = [];
  readonly charStart: number[] = [];
  readonly charEnd: number[] = [];
  readonly clause: number[] = [];
  readonly phrase: number[] = [];

  push(id: number, start: number, end: number, charStart: number, charEnd: number): void {
    const i = this.count++;
    this.id[i] = id;
    this.start[i] = start;
    this.end[i] = end;
    this.charStart[i] = charStart;
    this.charEnd[i] = charEnd;
  }
}

/** Decision rules that are not lexicon data. */
export interface AnalyserOptions {
  /** Specialty confidence below which the message goes to the front desk (`general`). */
  readonly lowConfidenceThreshold: number;
}

/**
 * Classifies messages against one compiled lexicon. Finds lexicon terms (words by stem, Chinese as substrings),
 * assembles phrases, applies negation, tense and resolution cues per clause, lets longer phrases claim their
 * words from shorter terms, then scores each field. Reuses its buffers between calls: not re-entrant.
 */
export class MessageAnalyser {
  private readonly occurrences: [Occurrences, Occurrences] = [new Occurrences(), new Occurrences()];
  private readonly bounds: number[] = [];
  private readonly softBounds: number[] = [];
  private readonly matches: Match[] = [];
  private claims: [Uint8Array, Uint8Array] = [new Uint8Array(256), new Uint8Array(1024)];
  private readonly groupLevel: Uint8Array;
  private readonly groupSpecialty: Float64Array;
  private readonly groupSpecialtyCount: Uint8Array;
  private readonly groupNature: Float64Array;
  private readonly touched: number[] = [];
  private readonly negations: Match[] = [];
  private readonly resolutions: Match[] = [];
  private readonly dimensions: Match[] = [];
  private readonly urgencyMatches: Match[] = [];
  private readonly urgencyLevels: number[] = [];
  private readonly specialtyMatches: Match[] = [];
  private readonly natureMatches: Match[] = [];
  private readonly present: [Uint8Array, Uint8Array];
  private tokenCount = 0;
  private latinWords = 0;
  private readonly onWord: (word: string, charStart: number, charEnd: number) => void;
  private readonly onSubstring: (id: number, start: number, end: number) => void;

  constructor(private readonly lexicon: CompiledLexicon) {
    const groupCount = lexicon.groups.length;
    this.groupLevel = new Uint8Array(groupCount).fill(NONE);
    this.groupSpecialty = new Float64Array(groupCount);
    this.groupSpecialtyCount = new Uint8Array(groupCount);
    this.groupNature = new Float64Array(groupCount);
    this.present = [new Uint8Array(lexicon.triggers[0].length), new Uint8Array(lexicon.triggers[1].length)];
    const words = this.occurrences[WORD_CHANNEL];
    const substrings = this.occurrences[SUBSTRING_CHANNEL];
    const [wordBreaks, substringBreaks] = lexicon.clauseBreaks;
    this.onWord = (word, charStart, charEnd) => {
      const position = this.tokenCount++;
      if (word.length >= 3 && word.charCodeAt(0) >= 97) this.latinWords++;
      const ids = lexicon.words.resolve(word);
      for (let k = 0; k < ids.length; k++) {
        words.push(ids[k]!, position, position + 1, charStart, charEnd);
        if (wordBreaks.has(ids[k]!)) this.bounds.push(charStart);
      }
    };
    this.onSubstring = (id, start, end) => {
      substrings.push(id, start, end, start, end);
      if (substringBreaks.has(id)) this.bounds.push(start);
    };
  }

  analyse(text: string, options: AnalyserOptions): Classification {
    const { groups } = this.lexicon;
    const lower = text.toLowerCase();
    const source = lower.length === text.length ? text : lower;
    const bounds = this.bounds;
    const softBounds = this.softBounds;
    bounds.length = 0;
    softBounds.length = 0;
    this.occurrences[WORD_CHANNEL].count = 0;
    this.occurrences[SUBSTRING_CHANNEL].count = 0;
    this.tokenCount = 0;
    this.latinWords = 0;

    let upper = 0;
    let letters = 0;
    let exclamations = 0;
    let chinese = 0;
    let nonAscii = false;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 97 && code <= 122) letters++;
      else if (code >= 65 && code <= 90) {
        letters++;
        upper++;
      } else if (code === 33 || code === 0xff01) {
        exclamations++;
        bounds.push(i);
      } else if (code === 46 || code === 63 || code === 59 || code === 10) bounds.push(i);
      else if (code === 44) softBounds.push(i);
      else if (code >= 0x80) {
        nonAscii = true;
        if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) chinese++;
        else if (code === 0x3002 || code === 0xff1f || code === 0xff1b || code === 0x2026) bounds.push(i);
        else if (code === 0xff0c || code === 0x3001) softBounds.push(i);
      }
    }

    tokenizeWords(lower, this.onWord);
    if (nonAscii) this.lexicon.trie.scan(lower, this.onSubstring);
    this.assignClauses();

    const matches = this.matches;
    matches.length = 0;
    this.findMatches(WORD_CHANNEL);
    if (this.occurrences[SUBSTRING_CHANNEL].count > 0) this.findMatches(SUBSTRING_CHANNEL);

    const clauseFlags = this.flagBuffer(0, bounds.length + 1);
    const phraseFlags = this.flagBuffer(1, softBounds.length + 1);
    const negations = reset(this.negations);
    const resolutions = reset(this.resolutions);
    const dimensions = reset(this.dimensions);
    const intensity: string[] = [];
    let calm = false;
    for (const match of matches) {
      const cue = groups[match.group]!.cue;
      if (cue < 0) dimensions.push(match);
      else if (cue === NEGATION) {
        if (!this.isCoveredByLonger(match)) negations.push(match);
      } else if (cue === RESOLVED) resolutions.push(match);
      else if (cue === INTENSITY) pushUnique(intensity, source.slice(match.charStart, match.charEnd));
      else if (cue === CALM) calm = true;
      else {
        clauseFlags[match.clause]! |= TENSE_FLAG[cue]!;
        phraseFlags[match.phrase]! |= TENSE_FLAG[cue]!;
      }
    }
    for (const match of dimensions) match.negated = isNegated(match, negations);
    let resolution: Match | undefined;
    for (const candidate of resolutions) {
      if (
        !isNegated(candidate, negations) &&
        (resolution === undefined || candidate.clause > resolution.clause)
      ) {
        resolution = candidate;
      }
    }

    dimensions.sort((a, b) => b.covered - a.covered || a.gaps - b.gaps || a.start - b.start);
    this.prepareBuffers(text.length);
    const touched = this.touched;
    touched.length = 0;

    const calming: string[] = [];
    const urgencyMatches = reset(this.urgencyMatches);
    const urgencyLevels = reset(this.urgencyLevels);
    for (const match of dimensions) {
      const group = groups[match.group]!;
      if (group.urgency < 0 || !this.claim(match, URGENCY_BIT)) continue;
      const flags = phraseFlags[match.phrase]! || clauseFlags[match.clause]!;
      const level = effectiveUrgency(match, group.urgency, flags, resolution, calming, source);
      if (level === NONE || group.weight === 0) continue;
      urgencyMatches.push(match);
      urgencyLevels.push(level);
      if (this.groupLevel[match.group] === NONE) touched.push(match.group);
      if (level < this.groupLevel[match.group]!) this.groupLevel[match.group] = level;
    }
    let emergency = 0;
    let urgent = 0;
    for (const group of touched) {
      const level = this.groupLevel[group];
      if (level === EMERGENCY) emergency += groups[group]!.weight;
      else if (level === URGENT) urgent += groups[group]!.weight;
    }

    let boost = Math.min(intensity.length, 2);
    if (upper >= 8 && upper / letters >= 0.6) {
      boost++;
      intensity.push('ALL CAPS');
    }
    if (exclamations >= 2) {
      boost++;
      intensity.push('!'.repeat(Math.min(exclamations, 3)));
    }
    if (calm) {
      boost = -1;
      emergency = Math.max(0, emergency - 1);
    }
    const urgencyEvidence = (wanted: number): string[] => {
      const words: string[] = [];
      for (let i = 0; i < urgencyMatches.length; i++) {
        if (urgencyLevels[i] === wanted) pushUnique(words, sliceOf(source, urgencyMatches[i]!));
      }
      return words;
    };
    const urgency = decideUrgency({ emergency, urgent, boost }, urgencyEvidence, intensity, calming);

    const finalLevel = URGENCIES.indexOf(urgency.value);
    const heat = finalLevel === EMERGENCY ? 2 : finalLevel === URGENT ? 1.5 : 1;
    for (let i = 0; i < urgencyMatches.length; i++) {
      if (urgencyLevels[i] === finalLevel) this.mark(urgencyMatches[i]!, 8);
    }

    const specialtyScores = [0, 0, 0, 0, 0];
    const natureScores: [number, number] = [0, 0];
    const specialtyMatches = reset(this.specialtyMatches);
    const natureMatches = reset(this.natureMatches);
    for (const match of dimensions) {
      const group = groups[match.group]!;
      if (group.specialty >= 0 && this.claim(match, SPECIALTY_BIT) && group.weight > 0) {
        const value = group.weight * (match.negated ? 0.5 : 1) * (this.isMarked(match, 8) ? heat : 1);
        if (this.groupSpecialtyCount[match.group] === 0) touched.push(match.group);
        this.groupSpecialtyCount[match.group]!++;
        if (value > this.groupSpecialty[match.group]!) this.groupSpecialty[match.group] = value;
        specialtyMatches.push(match);
      }
      if (group.nature >= 0 && this.claim(match, NATURE_BIT) && group.weight > 0 && !match.negated) {
        if (this.groupNature[match.group] === 0) {
          touched.push(match.group);
          this.groupNature[match.group] = group.weight;
          natureScores[group.nature as 0 | 1] += group.weight;
        }
        natureMatches.push(match);
      }
    }
    for (const group of touched) {
      const count = this.groupSpecialtyCount[group]!;
      if (count > 0) {
        specialtyScores[groups[group]!.specialty]! +=
          this.groupSpecialty[group]! * Math.min(2, 1 + 0.25 * (count - 1));
      }
      this.groupLevel[group] = NONE;
      this.groupSpecialty[group] = 0;
      this.groupSpecialtyCount[group] = 0;
      this.groupNature[group] = 0;
    }

    const evidenceOf = (
      matched: readonly Match[],
      field: 'specialty' | 'nature',
      value: number,
    ): string[] => {
      const words: string[] = [];
      for (const match of matched)
        if (groups[match.group]![field] === value) pushUnique(words, sliceOf(source, match));
      return words;
    };
    const specialty = decideSpecialty(
      specialtyScores,
      (index) => evidenceOf(specialtyMatches, 'specialty', index),
      options.lowConfidenceThreshold,
    );
    const nature = decideNature(natureScores[0], natureScores[1], (index) =>
      evidenceOf(natureMatches, 'nature', index),
    );
    const classification: Classification = {
      specialty: specialty.value,
      urgency: urgency.value,
      nature: nature.value,
      confidence: { specialty: specialty.confidence, urgency: urgency.confidence, nature: nature.confidence },
      evidence: { specialty: specialty.evidence, urgency: urgency.evidence, nature: nature.evidence },
      language: languageOf(chinese, this.latinWords),
    };
    if (specialty.secondary !== undefined) classification.secondarySpecialty = specialty.secondary;
    return classification;
  }

  /** Clause: between sentence ends and words like "but"; phrase: also between commas. */
  private assignClauses(): void {
    const bounds = this.bounds;
    const softBounds = this.softBounds;
    if (bounds.length > 1) bounds.sort((a, b) => a - b);
    for (const bound of bounds) softBounds.push(bound);
    if (softBounds.length > 1) softBounds.sort((a, b) => a - b);
    for (const list of this.occurrences) {
      for (let i = 0, clause = 0, phrase = 0; i < list.count; i++) {
        const at = list.charStart[i]!;
        while (clause < bounds.length && bounds[clause]! <= at) clause++;
        while (phrase < softBounds.length && softBounds[phrase]! <= at) phrase++;
        list.clause[i] = clause;
        list.phrase[i] = phrase;
      }
    }
  }

  private findMatches(channel: Channel): void {
    const { patterns, triggers } = this.lexicon;
    const list = this.occurrences[channel];
    const table = triggers[channel];
    const present = this.present[channel];
    for (let i = 0; i < list.count; i++) present[list.id[i]!] = 1;
    for (let i = 0; i < list.count; i++) {
      const trigger = table[list.id[i]!]!;
      for (let t = 0; t < trigger.length; t += 2) {
        const patternIndex = trigger[t]!;
        const pattern = patterns[patternIndex]!;
        let parts: number[] | undefined;
        if (pattern.parts.length === 1) parts = [i];
        else if (!allPartsPresent(pattern.parts, present, trigger[t + 1]!)) continue;
        else if (pattern.ordered) parts = extendOrdered(list, i, pattern.parts, pattern.gap);
        else parts = extendAnyOrder(list, i, trigger[t + 1]!, pattern.parts, pattern.gap);
        if (parts === undefined) continue;
        let start = list.start[i]!;
        let end = list.end[i]!;
        let charStart = list.charStart[i]!;
        let charEnd = list.charEnd[i]!;
        let covered = 0;
        for (const part of parts) {
          if (list.start[part]! < start) start = list.start[part]!;
          if (list.end[part]! > end) end = list.end[part]!;
          if (list.charStart[part]! < charStart) charStart = list.charStart[part]!;
          if (list.charEnd[part]! > charEnd) charEnd = list.charEnd[part]!;
          covered += list.end[part]! - list.start[part]!;
        }
        this.matches.push({
          pattern: patternIndex,
          group: pattern.group,
          channel,
          parts,
          start,
          end,
          charStart,
          charEnd,
          clause: list.clause[i]!,
          phrase: list.phrase[i]!,
          covered,
          gaps: end - start - covered,
          negated: false,
        });
      }
    }
    for (let i = 0; i < list.count; i++) present[list.id[i]!] = 0;
  }

  /** A negation inside a longer term (`不` in `不过`, `not` in `not working`) negates nothing. */
  private isCoveredByLonger(negation: Match): boolean {
    const negationLength = negation.end - negation.start;
    for (const other of this.matches) {
      if (
        other.channel === negation.channel &&
        other.start <= negation.start &&
        other.end >= negation.end &&
        other.end - other.start > negationLength &&
        this.lexicon.groups[other.group]!.cue !== NEGATION
      ) {
        return true;
      }
    }
    return false;
  }

  private flags: [Uint8Array, Uint8Array] = [new Uint8Array(64), new Uint8Array(64)];

  private flagBuffer(which: 0 | 1, size: number): Uint8Array {
    if (this.flags[which].length < size) this.flags[which] = new Uint8Array(size * 2);
    const buffer = this.flags[which];
    buffer.fill(0, 0, size);
    return buffer;
  }

  private prepareBuffers(textLength: number): void {
    const sizes = [this.tokenCount, textLength] as const;
    for (let channel = 0; channel < 2; channel++) {
      const size = sizes[channel as Channel];
      if (this.claims[channel as Channel].length < size)
        this.claims[channel as Channel] = new Uint8Array(size * 2);
      this.claims[channel as Channel].fill(0, 0, size);
    }
  }

  /** Claims the match's positions for one field, unless a longer match already did. */
  private claim(match: Match, bit: number): boolean {
    if (this.isMarked(match, bit)) return false;
    this.mark(match, bit);
    return true;
  }

  private mark(match: Match, bit: number): void {
    const list = this.occurrences[match.channel];
    const claims = this.claims[match.channel];
    for (const part of match.parts) {
      for (let p = list.start[part]!; p < list.end[part]!; p++) claims[p]! |= bit;
    }
  }

  private isMarked(match: Match, bit: number): boolean {
    const list = this.occurrences[match.channel];
    const claims = this.claims[match.channel];
    for (const part of match.parts) {
      for (let p = list.start[part]!; p < list.end[part]!; p++) if (claims[p]! & bit) return true;
    }
    return false;
  }
}

const scratch: number[] = [];

/** Quick rejection before the positional search: some alternative of every other part occurs at all. */
function allPartsPresent(parts: readonly (readonly number[])[], present: Uint8Array, known: number): boolean {
  for (let part = 0; part < parts.length; part++) {
    if (part === known) continue;
    const alternatives = parts[part]!;
    let found = 0;
    for (let k = 0; k < alternatives.length && found === 0; k++) found = present[alternatives[k]!]!;
    if (found === 0) return false;
  }
  return true;
}

function extendOrdered(
  list: Occurrences,
  first: number,
  parts: readonly (readonly number[])[],
  gap: number,
): number[] | undefined {
  const found = scratch;
  found.length = 0;
  found.push(first);
  const clause = list.clause[first]!;
  let previousEnd = list.end[first]!;
  let cursor = first + 1;
  for (let part = 1; part < parts.length; part++) {
    const alternatives = parts[part]!;
    let next = -1;
    for (let j = cursor; j < list.count && list.start[j]! <= previousEnd + gap; j++) {
      if (list.start[j]! >= previousEnd && list.clause[j] === clause && alternatives.includes(list.id[j]!)) {
        next = j;
        break;
      }
    }
    if (next < 0) return undefined;
    found.push(next);
    previousEnd = list.end[next]!;
    cursor = next + 1;
  }
  return found.slice();
}

/** Parts in any order within `window` positions after the first one found; triggered by the leftmost part. */
function extendAnyOrder(
  list: Occurrences,
  first: number,
  firstPart: number,
  parts: readonly (readonly number[])[],
  window: number,
): number[] | undefined {
  const found = scratch;
  found.length = 0;
  found.push(first);
  const clause = list.clause[first]!;
  const from = list.end[first]!;
  const limit = list.start[first]! + window;
  for (let part = 0; part < parts.length; part++) {
    if (part === firstPart) continue;
    const alternatives = parts[part]!;
    let next = -1;
    for (let j = first + 1; j < list.count && list.start[j]! <= limit; j++) {
      if (
        list.clause[j] === clause &&
        list.start[j]! >= from &&
        alternatives.includes(list.id[j]!) &&
        !found.includes(j)
      ) {
        next = j;
        break;
      }
    }
    if (next < 0) return undefined;
    found.push(next);
  }
  return found.slice();
}

function isNegated(match: Match, negations: readonly Match[]): boolean {
  for (const negation of negations) {
    if (
      negation.channel === match.channel &&
      negation.clause === match.clause &&
      negation.end <= match.start &&
      match.start - negation.end <= NEGATION_REACH
    ) {
      return true;
    }
  }
  return false;
}

/**
 * The urgency a match still supports: none when negated, resolved later, planned or long ago; an emergency
 * told in the past (last night) is still urgent. A present cue (now, still) keeps the level.
 */
function effectiveUrgency(
  match: Match,
  level: number,
  flags: number,
  resolution: Match | undefined,
  calming: string[],
  source: string,
): number {
  if (level > URGENT) return level;
  if (match.negated) {
    pushUnique(calming, source.slice(match.charStart, match.charEnd));
    return NONE;
  }
  if (resolution !== undefined && resolution.clause >= match.clause) {
    pushUnique(calming, source.slice(resolution.charStart, resolution.charEnd));
    return NONE;
  }
  if (flags & PRESENT) return level;
  if (flags & (FUTURE | DISTANT)) {
    pushUnique(calming, flags & FUTURE ? 'planned' : 'long ago');
    return NONE;
  }
  if (flags & PAST && level === EMERGENCY) {
    pushUnique(calming, 'in the past');
    return URGENT;
  }
  return level;
}

function reset<T>(list: T[]): T[] {
  list.length = 0;
  return list;
}

function sliceOf(source: string, match: Match): string {
  return source.slice(match.charStart, match.charEnd);
}

function pushUnique(list: string[], value: string): void {
  if (list.length < MAX_EVIDENCE && !list.includes(value)) list.push(value);
}

function languageOf(chinese: number, latinWords: number): Classification['language'] {
  if (chinese === 0) return 'en';
  return latinWords === 0 ? 'zh' : 'mixed';
}
