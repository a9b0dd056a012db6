import { SPECIALTIES, URGENCIES, type Urgency } from '../taxonomy.js';
import type { Classification } from './classification.js';
import { type Channel, type CompiledLexicon, SUBSTRING_CHANNEL, WORD_CHANNEL } from './compile-lexicon.js';
import { CUE_KINDS } from './cue-kinds.js';
import { type Decision, decideNature, decideSpecialty, decideUrgency } from './decide-fields.js';
import { HASH_SEED, hashStep, TokenTable, type TokenWord } from './token-table.js';
import { expandPlainWord, tokenizeApostropheWord } from './tokenize-words.js';

const NEGATION = CUE_KINDS.indexOf('negation');
const RESOLVED = CUE_KINDS.indexOf('resolved');
const INTENSITY = CUE_KINDS.indexOf('intensity');
const CALM = CUE_KINDS.indexOf('calm');
const PAST = 1;
const DISTANT = 2;
const PRESENT = 4;
const FUTURE = 8;
const TENSE_FLAG = Int32Array.from(CUE_KINDS, (kind) =>
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

const GENERAL = SPECIALTIES.indexOf('general');
/** Factor on the front desk's score when the message is urgent or an emergency. */
const GENERAL_DAMPING_WHEN_URGENT = 0.5;
const EMERGENCY = 0;
const URGENT = 1;
const NONE = 3;
const SPECIALTY_BIT = 1;
const URGENCY_BIT = 2;
const NATURE_BIT = 4;
const FINAL_URGENCY_BIT = 8;
/** A negation reaches the term right after it, or one word (character) further. */
const NEGATION_REACH = 1;
const MAX_EVIDENCE = 6;
/** Above this many candidates, sort with the built-in (stable) sort instead of insertion sort. */
const INSERTION_SORT_LIMIT = 48;
/** Parts with more alternatives than this get a membership bitmap. */
const BITMAP_ALTERNATIVES = 6;

/** A copy of `old` with room for `size` entries. */
function doubled<T extends Int32Array | Uint8Array>(old: T, size: number): T {
  const data = (old instanceof Int32Array ? new Int32Array(size) : new Uint8Array(size)) as T;
  data.set(old);
  return data;
}

/** A growable list of int32 values that is reused between messages. */
class IntList {
  count = 0;
  data: Int32Array;

  constructor(capacity = 64) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.count === this.data.length) this.grow(this.count + 1);
    this.data[this.count++] = value;
  }

  grow(capacity: number): void {
    if (capacity <= this.data.length) return;
    const data = new Int32Array(Math.max(capacity, this.data.length * 2));
    data.set(this.data.subarray(0, this.count));
    this.data = data;
  }
}

/** Lexicon ids found in the message, for one channel, as parallel typed arrays reused between messages. */
class Occurrences {
  count = 0;
  id: Int32Array = new Int32Array(64);
  start: Int32Array = new Int32Array(64);
  end: Int32Array = new Int32Array(64);
  charStart: Int32Array = new Int32Array(64);
  charEnd: Int32Array = new Int32Array(64);
  clause: Int32Array = new Int32Array(64);
  phrase: Int32Array = new Int32Array(64);

  push(id: number, start: number, end: number, charStart: number, charEnd: number): void {
    const i = this.count++;
    if (i === this.id.length) this.grow();
    this.id[i] = id;
    this.start[i] = start;
    this.end[i] = end;
    this.charStart[i] = charStart;
    this.charEnd[i] = charEnd;
  }

  private grow(): void {
    const size = this.id.length * 2;
    this.id = doubled(this.id, size);
    this.start = doubled(this.start, size);
    this.end = doubled(this.end, size);
    this.charStart = doubled(this.charStart, size);
    this.charEnd = doubled(this.charEnd, size);
    this.clause = doubled(this.clause, size);
    this.phrase = doubled(this.phrase, size);
  }
}

/**
 * Matches of lexicon terms (and cues) in the message, as parallel typed arrays indexed by match number and
 * reused between messages. The occurrences a match is made of are `parts[partStart .. partStart + partCount]`.
 */
class Matches {
  count = 0;
  group: Int32Array = new Int32Array(64);
  channel: Uint8Array = new Uint8Array(64);
  partStart: Int32Array = new Int32Array(64);
  partCount: Int32Array = new Int32Array(64);
  start: Int32Array = new Int32Array(64);
  end: Int32Array = new Int32Array(64);
  charStart: Int32Array = new Int32Array(64);
  charEnd: Int32Array = new Int32Array(64);
  clause: Int32Array = new Int32Array(64);
  phrase: Int32Array = new Int32Array(64);
  covered: Int32Array = new Int32Array(64);
  gaps: Int32Array = new Int32Array(64);
  negated: Uint8Array = new Uint8Array(64);
  readonly parts = new IntList(256);

  /**
   * Adds a match of `group` made of `parts[partStart .. partStart + partCount]`, spanning positions
   * `start .. end` (of which `covered` are its parts', the rest gaps) and chars `charStart .. charEnd`.
   */
  add(
    group: number,
    channel: Channel,
    partStart: number,
    partCount: number,
    start: number,
    end: number,
    charStart: number,
    charEnd: number,
    clause: number,
    phrase: number,
    covered: number,
  ): void {
    const m = this.count++;
    if (m === this.group.length) this.grow();
    this.group[m] = group;
    this.channel[m] = channel;
    this.partStart[m] = partStart;
    this.partCount[m] = partCount;
    this.start[m] = start;
    this.end[m] = end;
    this.charStart[m] = charStart;
    this.charEnd[m] = charEnd;
    this.clause[m] = clause;
    this.phrase[m] = phrase;
    this.covered[m] = covered;
    this.gaps[m] = end - start - covered;
    this.negated[m] = 0;
  }

  private grow(): void {
    const size = this.group.length * 2;
    this.group = doubled(this.group, size);
    this.channel = doubled(this.channel, size);
    this.partStart = doubled(this.partStart, size);
    this.partCount = doubled(this.partCount, size);
    this.start = doubled(this.start, size);
    this.end = doubled(this.end, size);
    this.charStart = doubled(this.charStart, size);
    this.charEnd = doubled(this.charEnd, size);
    this.clause = doubled(this.clause, size);
    this.phrase = doubled(this.phrase, size);
    this.covered = doubled(this.covered, size);
    this.gaps = doubled(this.gaps, size);
    this.negated = doubled(this.negated, size);
  }
}

/** One list of numbers per lexicon id, flattened: the list of id `i` is `values[offsets[i] .. offsets[i + 1]]`. */
interface PerIdLists {
  readonly offsets: Int32Array;
  readonly values: Int32Array;
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
  private readonly matches = new Matches();
  private readonly bounds = new IntList();
  private readonly softBounds = new IntList();
  private claims: [Uint8Array, Uint8Array] = [new Uint8Array(256), new Uint8Array(1024)];
  private flags: [Uint8Array, Uint8Array] = [new Uint8Array(64), new Uint8Array(64)];
  private readonly negations = new IntList();
  private readonly resolutions = new IntList();
  private readonly dimensions = new IntList();
  private readonly urgencyMatches = new IntList();
  private readonly urgencyLevels = new IntList();
  private readonly specialtyMatches = new IntList();
  private readonly natureMatches = new IntList();
  private readonly touched = new IntList();
  private readonly specialtyScores = new Float64Array(5);
  private readonly tokens = new TokenTable();
  private sortable: number[] = [];
  private tokenCount = 0;
  private latinWords = 0;
  private letters = 0;
  private upper = 0;
  private wordNonAscii = false;
  // Per-message results passed between the steps of `classify`.
  private exclamations = 0;
  private chinese = 0;
  private intensity: string[] = [];
  private calm = false;
  private resolution = -1;
  private routine = 0;
  private special = 0;
  /** Index of the first char above ASCII in the message, or -1. */
  private firstNonAscii = -1;
  private source = '';

  // The lexicon, flattened into typed arrays.
  private readonly groupCue: Int8Array;
  private readonly groupSpecialty: Int8Array;
  private readonly groupUrgency: Int8Array;
  private readonly groupNature: Int8Array;
  private readonly groupWeight: Float64Array;
  private readonly patternGroup: Int32Array;
  private readonly patternOrdered: Uint8Array;
  private readonly patternGap: Int32Array;
  private readonly patternPartCount: Int32Array;
  /** Alternatives of part `k` of pattern `p`: `alternativeIds[partOffsets[j] .. partOffsets[j + 1]]`, j = partBase[p] + k. */
  private readonly patternPartBase: Int32Array;
  private readonly partOffsets: Int32Array;
  private readonly alternativeIds: Int32Array;
  /**
   * Per channel and id, the patterns the id can start, four numbers each: pattern, part, a class of another
   * part that must occur too, for a quick rejection (-1 for single-part patterns), and the pattern's group.
   */
  private readonly triggers: [PerIdLists, PerIdLists];
  /**
   * Parts of multi-part patterns with the same alternatives share a class: `partClass` gives each part its
   * class (-1 for single-part patterns), `idClasses` each id (per channel) the classes it belongs to.
   */
  private readonly partClass: Int32Array;
  private readonly idClasses: [PerIdLists, PerIdLists];
  /** Per class: the value of `stamp` when some id of the class last occurred (in the current channel's scan). */
  private readonly classStamp: Int32Array;
  private stamp = 0;
  /** For parts with many alternatives: offset of a per-id membership bitmap in `partBitmaps`, or -1. */
  private readonly partBitmap: Int32Array;
  private readonly partBitmaps: Uint8Array;
  private readonly clauseBreaks: [Uint8Array, Uint8Array];

  // Per-group scratch, reset after each message.
  private readonly groupLevel: Uint8Array;
  private readonly groupBest: Float64Array;
  private readonly groupSpecialtyCount: Uint8Array;
  private readonly groupNatureSeen: Uint8Array;

  /** Evidence of one urgency level, specialty or nature, from the current message's matches. */
  private readonly urgencyEvidence = (level: number): string[] => {
    const words: string[] = [];
    const { urgencyMatches, urgencyLevels, source } = this;
    const { charStart, charEnd } = this.matches;
    for (let k = 0; k < urgencyMatches.count; k++) {
      if (urgencyLevels.data[k] === level) {
        const m = urgencyMatches.data[k]!;
        pushUnique(words, source.slice(charStart[m], charEnd[m]));
      }
    }
    return words;
  };
  private readonly specialtyEvidence = (specialty: number): string[] =>
    this.evidenceOf(this.specialtyMatches, this.groupSpecialty, specialty);
  private readonly natureEvidence = (nature: number): string[] =>
    this.evidenceOf(this.natureMatches, this.groupNature, nature);

  private readonly onSubstring: (id: number, start: number, end: number) => void;

  constructor(private readonly lexicon: CompiledLexicon) {
    const { groups, patterns } = lexicon;
    const groupCount = groups.length;
    this.groupCue = new Int8Array(groupCount);
    this.groupSpecialty = new Int8Array(groupCount);
    this.groupUrgency = new Int8Array(groupCount);
    this.groupNature = new Int8Array(groupCount);
    this.groupWeight = new Float64Array(groupCount);
    for (let g = 0; g < groupCount; g++) {
      const group = groups[g]!;
      this.groupCue[g] = group.cue;
      this.groupSpecialty[g] = group.specialty;
      this.groupUrgency[g] = group.urgency;
      this.groupNature[g] = group.nature;
      this.groupWeight[g] = group.weight;
    }
    const patternCount = patterns.length;
    this.patternGroup = new Int32Array(patternCount);
    this.patternOrdered = new Uint8Array(patternCount);
    this.patternGap = new Int32Array(patternCount);
    this.patternPartCount = new Int32Array(patternCount);
    this.patternPartBase = new Int32Array(patternCount);
    let partCount = 0;
    let alternativeCount = 0;
    for (const pattern of patterns) {
      partCount += pattern.parts.length;
      for (const alternatives of pattern.parts) alternativeCount += alternatives.length;
    }
    this.partOffsets = new Int32Array(partCount + 1);
    this.alternativeIds = new Int32Array(alternativeCount);
    for (let p = 0, j = 0, a = 0; p < patternCount; p++) {
      const pattern = patterns[p]!;
      this.patternGroup[p] = pattern.group;
      this.patternOrdered[p] = pattern.ordered ? 1 : 0;
      this.patternGap[p] = pattern.gap;
      this.patternPartCount[p] = pattern.parts.length;
      this.patternPartBase[p] = j;
      for (const alternatives of pattern.parts) {
        for (const id of alternatives) this.alternativeIds[a++] = id;
        this.partOffsets[++j] = a;
      }
    }
    // Parts of multi-part patterns with the same alternatives (in the same order) share a class; parts with
    // many alternatives get a bitmap of their ids.
    this.partClass = new Int32Array(partCount).fill(-1);
    this.partBitmap = new Int32Array(partCount).fill(-1);
    const idCounts = [lexicon.triggers[0].length, lexicon.triggers[1].length] as const;
    const classOf = new Map<string, number>();
    const members: [number[], number[]] = [[], []];
    let bitmapSize = 0;
    for (let p = 0, j = 0; p < patternCount; p++) {
      const { channel, parts } = patterns[p]!;
      for (let part = 0; part < parts.length; part++, j++) {
        const alternatives = parts[part]!;
        if (alternatives.length > BITMAP_ALTERNATIVES) {
          this.partBitmap[j] = bitmapSize;
          bitmapSize += idCounts[channel];
        }
        if (parts.length < 2) continue;
        const key = `${channel}:${alternatives.join(',')}`;
        let c = classOf.get(key);
        if (c === undefined) {
          c = classOf.size;
          classOf.set(key, c);
          for (const id of alternatives) members[channel].push(id, c);
        }
        this.partClass[j] = c;
      }
    }
    this.classStamp = new Int32Array(classOf.size);
    this.idClasses = [listsById(idCounts[0], members[0]), listsById(idCounts[1], members[1])];
    this.partBitmaps = new Uint8Array(bitmapSize);
    for (let j = 0; j < partCount; j++) {
      const bitmap = this.partBitmap[j]!;
      if (bitmap < 0) continue;
      for (let a = this.partOffsets[j]!; a < this.partOffsets[j + 1]!; a++) {
        this.partBitmaps[bitmap + this.alternativeIds[a]!] = 1;
      }
    }
    const triggerTable = (table: readonly (readonly number[])[]): PerIdLists => {
      const offsets = new Int32Array(table.length + 1);
      for (let id = 0; id < table.length; id++) offsets[id + 1] = offsets[id]! + table[id]!.length * 2;
      const values = new Int32Array(offsets[table.length]!);
      for (let id = 0, at = 0; id < table.length; id++) {
        const pairs = table[id]!;
        for (let t = 0; t < pairs.length; t += 2) {
          const pattern = pairs[t]!;
          const part = pairs[t + 1]!;
          const other = this.patternPartCount[pattern]! > 1 ? (part === 0 ? 1 : 0) : -1;
          values[at++] = pattern;
          values[at++] = part;
          values[at++] = other < 0 ? -1 : this.partClass[this.patternPartBase[pattern]! + other]!;
          values[at++] = this.patternGroup[pattern]!;
        }
      }
      return { offsets, values };
    };
    this.triggers = [triggerTable(lexicon.triggers[0]), triggerTable(lexicon.triggers[1])];
    const breaks = (ids: ReadonlySet<number>, size: number): Uint8Array => {
      const flags = new Uint8Array(size);
      for (const id of ids) flags[id] = 1;
      return flags;
    };
    this.clauseBreaks = [
      breaks(lexicon.clauseBreaks[0], lexicon.triggers[0].length),
      breaks(lexicon.clauseBreaks[1], lexicon.triggers[1].length),
    ];
    this.groupLevel = new Uint8Array(groupCount).fill(NONE);
    this.groupBest = new Float64Array(groupCount);
    this.groupSpecialtyCount = new Uint8Array(groupCount);
    this.groupNatureSeen = new Uint8Array(groupCount);

    const substrings = this.occurrences[SUBSTRING_CHANNEL];
    const substringBreaks = this.clauseBreaks[SUBSTRING_CHANNEL];
    this.onSubstring = (id, start, end) => {
      substrings.push(id, start, end, start, end);
      if (substringBreaks[id] === 1) this.bounds.push(start);
    };
  }

  analyse(text: string, options: AnalyserOptions): Classification {
    return this.classify(text, options.lowConfidenceThreshold);
  }

  /** `analyse` with the threshold passed directly. */
  classify(text: string, lowConfidenceThreshold: number): Classification {
    this.readText(text);
    const matches = this.matches;
    matches.count = 0;
    matches.parts.count = 0;
    this.findMatches(WORD_CHANNEL);
    if (this.occurrences[SUBSTRING_CHANNEL].count > 0) this.findMatches(SUBSTRING_CHANNEL);
    this.readCues();
    this.sortDimensions();
    this.prepareBuffers(text.length);
    const urgency = this.decideUrgencyOfMessage();
    this.scoreSpecialtyAndNature(URGENCIES.indexOf(urgency.value));
    const specialty = decideSpecialty(this.specialtyScores, this.specialtyEvidence, lowConfidenceThreshold);
    const nature = decideNature(this.routine, this.special, this.natureEvidence);
    const classification: Classification = {
      specialty: specialty.value,
      urgency: urgency.value,
      nature: nature.value,
      confidence: { specialty: specialty.confidence, urgency: urgency.confidence, nature: nature.confidence },
      evidence: { specialty: specialty.evidence, urgency: urgency.evidence, nature: nature.evidence },
      language: languageOf(this.chinese, this.latinWords),
    };
    if (specialty.secondary !== undefined) classification.secondarySpecialty = specialty.secondary;
    this.source = '';
    return classification;
  }

  /**
   * Reads the words (with their lexicon ids), Chinese terms, sentence marks and letter counts of the message,
   * and assigns each occurrence its clause and phrase.
   */
  private readText(text: string): void {
    const bounds = this.bounds;
    const softBounds = this.softBounds;
    bounds.count = 0;
    softBounds.count = 0;
    this.occurrences[WORD_CHANNEL].count = 0;
    this.occurrences[SUBSTRING_CHANNEL].count = 0;
    this.tokenCount = 0;
    this.latinWords = 0;

    this.letters = 0;
    this.upper = 0;
    this.wordNonAscii = false;
    this.firstNonAscii = -1;
    let exclamations = 0;
    let chinese = 0;
    let nonAscii = false;
    // One pass reads the words (lower-casing A-Z on the fly) and the sentence marks, as long as no char other
    // than A-Z would change under toLowerCase (CJK, emoji, punctuation). Other text (accented letters, Greek,
    // the Kelvin sign...) is read again from a lower-cased copy.
    let caseless = true;
    const length = text.length;
    for (let i = 0; i < length; ) {
      const code = text.charCodeAt(i);
      if (code < 0x80) {
        if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57)) {
          i = this.word(text, i);
          continue;
        }
        if (code === 33) {
          exclamations++;
          bounds.push(i);
        } else if (code === 46 || code === 63 || code === 59 || code === 10) bounds.push(i);
        else if (code === 44) softBounds.push(i);
      } else if (code === 0xff01) {
        if (this.firstNonAscii < 0) this.firstNonAscii = i;
        exclamations++;
        bounds.push(i);
      } else {
        if (this.firstNonAscii < 0) this.firstNonAscii = i;
        nonAscii = true;
        if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) chinese++;
        else if (!isCaseless(code)) {
          caseless = false;
          break;
        } else if (code === 0x3002 || code === 0xff1f || code === 0xff1b || code === 0x2026) bounds.push(i);
        else if (code === 0xff0c || code === 0x3001) softBounds.push(i);
      }
      i++;
    }
    let lower = text;
    if (caseless) nonAscii ||= this.wordNonAscii;
    else {
      lower = text.toLowerCase();
      bounds.count = 0;
      softBounds.count = 0;
      this.occurrences[WORD_CHANNEL].count = 0;
      this.tokenCount = 0;
      this.latinWords = 0;
      this.tokenize(lower);
      exclamations = 0;
      chinese = 0;
      this.letters = 0;
      this.upper = 0;
      for (let i = 0; i < length; i++) {
        const code = text.charCodeAt(i);
        if (code >= 97 && code <= 122) this.letters++;
        else if (code >= 65 && code <= 90) {
          this.letters++;
          this.upper++;
        } else if (code === 33 || code === 0xff01) {
          exclamations++;
          bounds.push(i);
        } else if (code === 46 || code === 63 || code === 59 || code === 10) bounds.push(i);
        else if (code === 44) softBounds.push(i);
        else if (code >= 0x80) {
          if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) chinese++;
          else if (code === 0x3002 || code === 0xff1f || code === 0xff1b || code === 0x2026) bounds.push(i);
          else if (code === 0xff0c || code === 0x3001) softBounds.push(i);
        }
      }
    }
    this.exclamations = exclamations;
    this.chinese = chinese;
    this.source = lower.length === text.length ? text : lower;
    if (nonAscii) this.lexicon.trie.scan(lower, this.onSubstring, caseless ? this.firstNonAscii : 0);
    this.assignClauses();
  }

  /**
   * Sorts the matches into cues and terms: negations, resolutions, intensity and calm, tense flags per clause
   * and phrase; marks the negated terms and picks the resolution that counts.
   */
  private readCues(): void {
    const matches = this.matches;
    const matchCount = matches.count;
    const mGroup = matches.group;
    const mClause = matches.clause;
    const mPhrase = matches.phrase;
    const mCharStart = matches.charStart;
    const mCharEnd = matches.charEnd;
    const source = this.source;
    const clauseFlags = this.flagBuffer(0, this.bounds.count + 1);
    const phraseFlags = this.flagBuffer(1, this.softBounds.count + 1);
    const negations = this.negations;
    const resolutions = this.resolutions;
    const dimensions = this.dimensions;
    negations.count = 0;
    resolutions.count = 0;
    dimensions.count = 0;
    const intensity: string[] = [];
    this.intensity = intensity;
    let calm = false;
    const groupCue = this.groupCue;
    for (let m = 0; m < matchCount; m++) {
      const cue = groupCue[mGroup[m]!]!;
      if (cue < 0) dimensions.push(m);
      else if (cue === NEGATION) {
        if (!this.isCoveredByLonger(m)) negations.push(m);
      } else if (cue === RESOLVED) resolutions.push(m);
      else if (cue === INTENSITY) {
        if (!this.isInsideCalmingCue(m)) pushUnique(intensity, source.slice(mCharStart[m], mCharEnd[m]));
      } else if (cue === CALM) calm = true;
      else {
        clauseFlags[mClause[m]!]! |= TENSE_FLAG[cue]!;
        phraseFlags[mPhrase[m]!]! |= TENSE_FLAG[cue]!;
      }
    }
    const dimensionList = dimensions.data;
    const dimensionCount = dimensions.count;
    for (let k = 0; k < dimensionCount; k++) {
      const m = dimensionList[k]!;
      matches.negated[m] = this.isNegated(m) ? 1 : 0;
    }
    let resolution = -1;
    for (let k = 0; k < resolutions.count; k++) {
      const candidate = resolutions.data[k]!;
      if (!this.isNegated(candidate) && (resolution < 0 || mClause[candidate]! > mClause[resolution]!)) {
        resolution = candidate;
      }
    }
    this.calm = calm;
    this.resolution = resolution;
  }

  /** Scores the urgency terms that survive negation, tense and resolution, with intensity, and decides. */
  private decideUrgencyOfMessage(): Decision<Urgency> {
    const matches = this.matches;
    const mGroup = matches.group;
    const mClause = matches.clause;
    const mPhrase = matches.phrase;
    const dimensionList = this.dimensions.data;
    const dimensionCount = this.dimensions.count;
    const clauseFlags = this.flags[0];
    const phraseFlags = this.flags[1];
    const resolution = this.resolution;
    const intensity = this.intensity;
    const upper = this.upper;
    const letters = this.letters;
    const exclamations = this.exclamations;
    const touched = this.touched;
    touched.count = 0;
    const groupLevel = this.groupLevel;
    const groupUrgency = this.groupUrgency;
    const groupWeight = this.groupWeight;

    const calming: string[] = [];
    const urgencyMatches = this.urgencyMatches;
    const urgencyLevels = this.urgencyLevels;
    urgencyMatches.count = 0;
    urgencyLevels.count = 0;
    for (let k = 0; k < dimensionCount; k++) {
      const m = dimensionList[k]!;
      const group = mGroup[m]!;
      if (groupUrgency[group]! < 0 || !this.claim(m, URGENCY_BIT)) continue;
      const flags = phraseFlags[mPhrase[m]!]! || clauseFlags[mClause[m]!]!;
      const level = this.effectiveUrgency(m, groupUrgency[group]!, flags, resolution, calming);
      if (level === NONE || groupWeight[group] === 0) continue;
      urgencyMatches.push(m);
      urgencyLevels.push(level);
      if (groupLevel[group] === NONE) touched.push(group);
      if (level < groupLevel[group]!) groupLevel[group] = level;
    }
    let emergency = 0;
    let urgent = 0;
    for (let k = 0; k < touched.count; k++) {
      const group = touched.data[k]!;
      const level = groupLevel[group];
      if (level === EMERGENCY) emergency += groupWeight[group]!;
      else if (level === URGENT) urgent += groupWeight[group]!;
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
    if (this.calm) {
      boost = -1;
      emergency = Math.max(0, emergency - 1);
    }
    return decideUrgency({ emergency, urgent, boost }, this.urgencyEvidence, intensity, calming);
  }

  /**
   * Scores the departments (terms of the decided urgency count more) and the nature, each position counting
   * once per field, for the longest match on it.
   */
  private scoreSpecialtyAndNature(finalLevel: number): void {
    const matches = this.matches;
    const mGroup = matches.group;
    const dimensionList = this.dimensions.data;
    const dimensionCount = this.dimensions.count;
    const touched = this.touched;
    const groupLevel = this.groupLevel;
    const groupWeight = this.groupWeight;
    const urgencyMatches = this.urgencyMatches;
    const urgencyLevels = this.urgencyLevels;
    const heat = finalLevel === EMERGENCY ? 2 : finalLevel === URGENT ? 1.5 : 1;
    for (let k = 0; k < urgencyMatches.count; k++) {
      if (urgencyLevels.data[k] === finalLevel) this.mark(urgencyMatches.data[k]!, FINAL_URGENCY_BIT);
    }

    const specialtyScores = this.specialtyScores;
    for (let i = 0; i < specialtyScores.length; i++) specialtyScores[i] = 0;
    let routine = 0;
    let special = 0;
    const specialtyMatches = this.specialtyMatches;
    const natureMatches = this.natureMatches;
    specialtyMatches.count = 0;
    natureMatches.count = 0;
    const groupSpecialty = this.groupSpecialty;
    const groupNature = this.groupNature;
    const groupBest = this.groupBest;
    const groupSpecialtyCount = this.groupSpecialtyCount;
    const groupNatureSeen = this.groupNatureSeen;
    const negated = matches.negated;
    for (let k = 0; k < dimensionCount; k++) {
      const m = dimensionList[k]!;
      const group = mGroup[m]!;
      const weight = groupWeight[group]!;
      if (groupSpecialty[group]! >= 0 && this.claim(m, SPECIALTY_BIT) && weight > 0) {
        const value =
          weight * (negated[m] === 1 ? 0.5 : 1) * (this.isMarked(m, FINAL_URGENCY_BIT) ? heat : 1);
        if (groupSpecialtyCount[group] === 0) touched.push(group);
        groupSpecialtyCount[group]!++;
        if (value > groupBest[group]!) groupBest[group] = value;
        specialtyMatches.push(m);
      }
      if (groupNature[group]! >= 0 && this.claim(m, NATURE_BIT) && weight > 0 && negated[m] === 0) {
        if (groupNatureSeen[group] === 0) {
          touched.push(group);
          groupNatureSeen[group] = 1;
          if (groupNature[group] === 0) routine += weight;
          else special += weight;
        }
        natureMatches.push(m);
      }
    }
    for (let k = 0; k < touched.count; k++) {
      const group = touched.data[k]!;
      const count = groupSpecialtyCount[group]!;
      if (count > 0) {
        specialtyScores[groupSpecialty[group]!]! += groupBest[group]! * Math.min(2, 1 + 0.25 * (count - 1));
      }
      groupLevel[group] = NONE;
      groupBest[group] = 0;
      groupSpecialtyCount[group] = 0;
      groupNatureSeen[group] = 0;
    }

    // A problem that needs someone today goes to the department that fixes it, not to the front desk because
    // the owner was polite, sarcastic ("great job guys") or cross about the service in the same message.
    if (finalLevel <= URGENT) specialtyScores[GENERAL]! *= GENERAL_DAMPING_WHEN_URGENT;
    this.routine = routine;
    this.special = special;
  }

  private evidenceOf(matched: IntList, field: Int8Array, value: number): string[] {
    const words: string[] = [];
    const { group, charStart, charEnd } = this.matches;
    const source = this.source;
    for (let k = 0; k < matched.count; k++) {
      const m = matched.data[k]!;
      if (field[group[m]!] === value) pushUnique(words, source.slice(charStart[m], charEnd[m]));
    }
    return words;
  }

  /**
   * Splits text into words as `tokenizeWords` does on the lower-cased text (letters and digits, apostrophes
   * joining letters) and records their lexicon ids. `text` is lower-cased already or pure ASCII (A-Z are folded
   * here, saving a copy of the message). Plain tokens are looked up in the token table by hash and span, so a
   * known word costs no string allocation.
   */
  private tokenize(text: string): void {
    const length = text.length;
    for (let i = 0; i < length; ) {
      let code = text.charCodeAt(i);
      if (code >= 65 && code <= 90) code += 32;
      if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) i = this.word(text, i);
      else i++;
    }
  }

  /**
   * Records the token starting at `start` (a letter or digit) and returns where it ends. Counts its letters
   * and capitals in `letters` and `upper`, and notes a ’ it contains in `wordNonAscii`.
   */
  private word(text: string, start: number): number {
    const length = text.length;
    let i = start;
    let code = text.charCodeAt(i);
    let hash = HASH_SEED;
    let digitsOnly = true;
    let letters = 0;
    let upper = 0;
    for (;;) {
      if (code >= 65 && code <= 90) {
        code += 32;
        upper++;
      }
      if (code >= 97) {
        digitsOnly = false;
        letters++;
      }
      hash = hashStep(hash, code);
      i++;
      if (i >= length) break;
      code = text.charCodeAt(i);
      if (!((code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90))) break;
    }
    let apostrophes = false;
    // Letters joined by apostrophes (`doesn't`, `it’s`) are one token; ’ hashes (and compares) as '.
    while (i + 1 < length && (code === 39 || code === 0x2019)) {
      let next = text.charCodeAt(i + 1);
      if (!isLetter(next)) break;
      if (code === 0x2019) {
        this.wordNonAscii = true;
        if (this.firstNonAscii < 0) this.firstNonAscii = i;
      }
      apostrophes = true;
      digitsOnly = false;
      hash = hashStep(hash, 39);
      i++;
      do {
        letters++;
        if (next <= 90) {
          upper++;
          next += 32;
        }
        hash = hashStep(hash, next);
        i++;
        next = i < length ? text.charCodeAt(i) : 0;
      } while (isLetter(next));
      code = next;
    }
    this.letters += letters;
    this.upper += upper;
    if (digitsOnly) {
      this.addWord(this.lexicon.words.resolveDigitSpan(text, start, i), start, i);
      return i;
    }
    const table = this.tokens;
    let entry = table.find(text, start, i, hash);
    if (entry < 0) entry = this.addToken(text.slice(start, i).toLowerCase(), hash, apostrophes);
    const pool = table.pool;
    this.latinWords += pool[entry + 1]!;
    const wordCount = pool[entry + 2]!;
    let at = entry + 3 + pool[entry]!;
    for (let w = 0; w < wordCount; w++) {
      const idCount = pool[at + 2]!;
      this.addPooledWord(pool, at + 3, idCount, start + pool[at]!, start + pool[at + 1]!);
      at += 3 + idCount;
    }
    return i;
  }

  /** Reads a lower-cased token into its words and their lexicon ids, and keeps them in the token table. */
  private addToken(raw: string, hash: number, apostrophes: boolean): number {
    const resolver = this.lexicon.words;
    const words: TokenWord[] = [];
    let latinWords = 0;
    const collect = (word: string, start: number, end: number): void => {
      if (word.length >= 3 && word.charCodeAt(0) >= 97) latinWords++;
      words.push({ start, end, ids: resolver.resolve(word) });
    };
    if (apostrophes) tokenizeApostropheWord(raw, 0, collect);
    else {
      const expanded = expandPlainWord(raw);
      if (expanded === undefined) collect(raw, 0, raw.length);
      else for (const word of expanded) collect(word, 0, raw.length);
    }
    return this.tokens.add(apostrophes ? raw.replace(/’/g, "'") : raw, hash, latinWords, words);
  }

  /** One word at the next position, with its lexicon ids at `pool[at .. at + count]`. */
  private addPooledWord(
    pool: Int32Array,
    at: number,
    count: number,
    charStart: number,
    charEnd: number,
  ): void {
    const position = this.tokenCount++;
    const words = this.occurrences[WORD_CHANNEL];
    const wordBreaks = this.clauseBreaks[WORD_CHANNEL];
    for (let k = at; k < at + count; k++) {
      const id = pool[k]!;
      words.push(id, position, position + 1, charStart, charEnd);
      if (wordBreaks[id] === 1) this.bounds.push(charStart);
    }
  }

  /** One word at the next position, with its lexicon ids. */
  private addWord(ids: readonly number[], charStart: number, charEnd: number): void {
    const position = this.tokenCount++;
    const words = this.occurrences[WORD_CHANNEL];
    const wordBreaks = this.clauseBreaks[WORD_CHANNEL];
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      words.push(id, position, position + 1, charStart, charEnd);
      if (wordBreaks[id] === 1) this.bounds.push(charStart);
    }
  }

  /** Clause: between sentence ends and words like "but"; phrase: also between commas. */
  private assignClauses(): void {
    const bounds = this.bounds;
    const softBounds = this.softBounds;
    sortInts(bounds.data, bounds.count);
    softBounds.grow(softBounds.count + bounds.count);
    for (let k = 0; k < bounds.count; k++) softBounds.data[softBounds.count++] = bounds.data[k]!;
    sortInts(softBounds.data, softBounds.count);
    const hard = bounds.data;
    const hardCount = bounds.count;
    const soft = softBounds.data;
    const softCount = softBounds.count;
    for (const list of this.occurrences) {
      const { charStart, clause: clauses, phrase: phrases } = list;
      for (let i = 0, clause = 0, phrase = 0; i < list.count; i++) {
        const at = charStart[i]!;
        while (clause < hardCount && hard[clause]! <= at) clause++;
        while (phrase < softCount && soft[phrase]! <= at) phrase++;
        clauses[i] = clause;
        phrases[i] = phrase;
      }
    }
  }

  private findMatches(channel: Channel): void {
    const list = this.occurrences[channel];
    const { offsets, values: triggers } = this.triggers[channel];
    const matches = this.matches;
    const parts = matches.parts;
    const ids = list.id;
    const starts = list.start;
    const ends = list.end;
    const charStarts = list.charStart;
    const charEnds = list.charEnd;
    const patternPartCount = this.patternPartCount;
    const patternOrdered = this.patternOrdered;
    const patternGap = this.patternGap;
    const patternGroup = this.patternGroup;
    const classStamp = this.classStamp;
    if (this.stamp === 0x7fffffff) {
      classStamp.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    const { offsets: classOffsets, values: classes } = this.idClasses[channel];
    for (let i = 0; i < list.count; i++) {
      const id = ids[i]!;
      const to = classOffsets[id + 1]!;
      for (let k = classOffsets[id]!; k < to; k++) classStamp[classes[k]!] = stamp;
    }
    for (let i = 0; i < list.count; i++) {
      const id = ids[i]!;
      const to = offsets[id + 1]!;
      for (let t = offsets[id]!; t < to; t += 4) {
        const reject = triggers[t + 2]!;
        if (reject < 0) {
          this.addSingleMatch(list, i, triggers[t + 3]!, channel);
          continue;
        }
        if (classStamp[reject] !== stamp) continue;
        const pattern = triggers[t]!;
        const part = triggers[t + 1]!;
        const partCount = patternPartCount[pattern]!;
        parts.grow(parts.count + partCount);
        const partStart = parts.count;
        if (!this.allPartsPresent(pattern, part)) continue;
        if (patternOrdered[pattern] === 1) {
          if (!this.extendOrdered(list, i, pattern, patternGap[pattern]!, partStart)) continue;
        } else if (!this.extendAnyOrder(list, i, part, pattern, patternGap[pattern]!, partStart)) continue;
        parts.count = partStart + partCount;
        let start = starts[i]!;
        let end = ends[i]!;
        let charStart = charStarts[i]!;
        let charEnd = charEnds[i]!;
        let covered = 0;
        const data = parts.data;
        for (let k = partStart; k < partStart + partCount; k++) {
          const o = data[k]!;
          if (starts[o]! < start) start = starts[o]!;
          if (ends[o]! > end) end = ends[o]!;
          if (charStarts[o]! < charStart) charStart = charStarts[o]!;
          if (charEnds[o]! > charEnd) charEnd = charEnds[o]!;
          covered += ends[o]! - starts[o]!;
        }
        matches.add(
          patternGroup[pattern]!,
          channel,
          partStart,
          partCount,
          start,
          end,
          charStart,
          charEnd,
          list.clause[i]!,
          list.phrase[i]!,
          covered,
        );
      }
    }
  }

  /** A match of a one-part pattern of `group` on occurrence `i`. */
  private addSingleMatch(list: Occurrences, i: number, group: number, channel: Channel): void {
    const parts = this.matches.parts;
    const partStart = parts.count;
    parts.push(i);
    const start = list.start[i]!;
    const end = list.end[i]!;
    this.matches.add(
      group,
      channel,
      partStart,
      1,
      start,
      end,
      list.charStart[i]!,
      list.charEnd[i]!,
      list.clause[i]!,
      list.phrase[i]!,
      end - start,
    );
  }

  /** Quick rejection before the positional search: some alternative of every other part occurs at all. */
  private allPartsPresent(pattern: number, known: number): boolean {
    const base = this.patternPartBase[pattern]!;
    const partCount = this.patternPartCount[pattern]!;
    const partClass = this.partClass;
    const classStamp = this.classStamp;
    const stamp = this.stamp;
    for (let part = 0; part < partCount; part++) {
      if (part !== known && classStamp[partClass[base + part]!] !== stamp) return false;
    }
    return true;
  }

  private isAlternative(pattern: number, part: number, id: number): boolean {
    const j = this.patternPartBase[pattern]! + part;
    const bitmap = this.partBitmap[j]!;
    if (bitmap >= 0) return this.partBitmaps[bitmap + id] === 1;
    const to = this.partOffsets[j + 1]!;
    const alternativeIds = this.alternativeIds;
    for (let k = this.partOffsets[j]!; k < to; k++) if (alternativeIds[k] === id) return true;
    return false;
  }

  /** Parts in order, each within `gap` positions of the previous one; writes them at `parts[at..]`. */
  private extendOrdered(list: Occurrences, first: number, pattern: number, gap: number, at: number): boolean {
    const found = this.matches.parts.data;
    found[at] = first;
    const clause = list.clause[first]!;
    let previousEnd = list.end[first]!;
    let cursor = first + 1;
    const partCount = this.patternPartCount[pattern]!;
    for (let part = 1; part < partCount; part++) {
      let next = -1;
      for (let j = cursor; j < list.count && list.start[j]! <= previousEnd + gap; j++) {
        if (
          list.start[j]! >= previousEnd &&
          list.clause[j] === clause &&
          this.isAlternative(pattern, part, list.id[j]!)
        ) {
          next = j;
          break;
        }
      }
      if (next < 0) return false;
      found[at + part] = next;
      previousEnd = list.end[next]!;
      cursor = next + 1;
    }
    return true;
  }

  /** Parts in any order within `window` positions after the first one found; triggered by the leftmost part. */
  private extendAnyOrder(
    list: Occurrences,
    first: number,
    firstPart: number,
    pattern: number,
    window: number,
    at: number,
  ): boolean {
    const found = this.matches.parts.data;
    found[at] = first;
    let foundCount = 1;
    const clause = list.clause[first]!;
    const from = list.end[first]!;
    const limit = list.start[first]! + window;
    const partCount = this.patternPartCount[pattern]!;
    for (let part = 0; part < partCount; part++) {
      if (part === firstPart) continue;
      let next = -1;
      for (let j = first + 1; j < list.count && list.start[j]! <= limit; j++) {
        if (
          list.clause[j] === clause &&
          list.start[j]! >= from &&
          this.isAlternative(pattern, part, list.id[j]!) &&
          !includes(found, at, at + foundCount, j)
        ) {
          next = j;
          break;
        }
      }
      if (next < 0) return false;
      found[at + foundCount++] = next;
    }
    return true;
  }

  /** A negation inside a longer term (`不` in `不过`, `not` in `not working`) negates nothing. */
  private isCoveredByLonger(negation: number): boolean {
    const { channel, start, end, group, count } = this.matches;
    const negationStart = start[negation]!;
    const negationEnd = end[negation]!;
    const negationLength = negationEnd - negationStart;
    const negationChannel = channel[negation];
    for (let other = 0; other < count; other++) {
      if (
        channel[other] === negationChannel &&
        start[other]! <= negationStart &&
        end[other]! >= negationEnd &&
        end[other]! - start[other]! > negationLength &&
        this.groupCue[group[other]!] !== NEGATION
      ) {
        return true;
      }
    }
    return false;
  }

  /** An intensity cue inside a resolution or calm cue (`now` in `all good now`) adds no urgency. */
  private isInsideCalmingCue(cue: number): boolean {
    const { channel, start, end, group, count } = this.matches;
    const cueStart = start[cue]!;
    const cueEnd = end[cue]!;
    for (let other = 0; other < count; other++) {
      const kind = this.groupCue[group[other]!];
      if (
        (kind === RESOLVED || kind === CALM) &&
        channel[other] === channel[cue] &&
        start[other]! <= cueStart &&
        end[other]! >= cueEnd &&
        end[other]! - start[other]! > cueEnd - cueStart
      ) {
        return true;
      }
    }
    return false;
  }

  private isNegated(match: number): boolean {
    const { channel, clause, start, end } = this.matches;
    const negations = this.negations;
    for (let k = 0; k < negations.count; k++) {
      const negation = negations.data[k]!;
      if (
        channel[negation] === channel[match] &&
        clause[negation] === clause[match] &&
        end[negation]! <= start[match]! &&
        start[match]! - end[negation]! <= NEGATION_REACH
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
  private effectiveUrgency(
    match: number,
    level: number,
    flags: number,
    resolution: number,
    calming: string[],
  ): number {
    if (level > URGENT) return level;
    const matches = this.matches;
    if (matches.negated[match] === 1) {
      pushUnique(calming, this.source.slice(matches.charStart[match], matches.charEnd[match]));
      return NONE;
    }
    if (resolution >= 0 && matches.clause[resolution]! >= matches.clause[match]!) {
      pushUnique(calming, this.source.slice(matches.charStart[resolution], matches.charEnd[resolution]));
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

  /** Longest matches first (most positions covered, then fewest gaps, then leftmost); stable. */
  private sortDimensions(): void {
    const { covered, gaps, start } = this.matches;
    const list = this.dimensions.data;
    const count = this.dimensions.count;
    if (count <= INSERTION_SORT_LIMIT) {
      for (let i = 1; i < count; i++) {
        const value = list[i]!;
        let j = i - 1;
        while (j >= 0 && isLonger(covered, gaps, start, value, list[j]!)) {
          list[j + 1] = list[j]!;
          j--;
        }
        list[j + 1] = value;
      }
      return;
    }
    const sortable = this.sortable;
    sortable.length = count;
    for (let i = 0; i < count; i++) sortable[i] = list[i]!;
    sortable.sort((a, b) => covered[b]! - covered[a]! || gaps[a]! - gaps[b]! || start[a]! - start[b]!);
    for (let i = 0; i < count; i++) list[i] = sortable[i]!;
  }

  private flagBuffer(which: 0 | 1, size: number): Uint8Array {
    if (this.flags[which].length < size) this.flags[which] = new Uint8Array(size * 2);
    const buffer = this.flags[which];
    for (let i = 0; i < size; i++) buffer[i] = 0;
    return buffer;
  }

  /** Clears the claims on the positions that the occurrences of each channel cover. */
  private prepareBuffers(textLength: number): void {
    for (let channel = 0; channel < 2; channel++) {
      const list = this.occurrences[channel as Channel];
      if (list.count === 0) continue;
      const size = channel === WORD_CHANNEL ? this.tokenCount : textLength;
      if (this.claims[channel as Channel].length < size)
        this.claims[channel as Channel] = new Uint8Array(size * 2);
      const claims = this.claims[channel as Channel];
      let to = 0;
      for (let i = 0; i < list.count; i++) if (list.end[i]! > to) to = list.end[i]!;
      for (let p = list.start[0]!; p < to; p++) claims[p] = 0;
    }
  }

  /** Claims the match's positions for one field, unless a longer match already did. */
  private claim(match: number, bit: number): boolean {
    const matches = this.matches;
    const channel = matches.channel[match] as Channel;
    const { start, end } = this.occurrences[channel];
    const claims = this.claims[channel];
    const parts = matches.parts.data;
    const from = matches.partStart[match]!;
    const to = from + matches.partCount[match]!;
    for (let k = from; k < to; k++) {
      const part = parts[k]!;
      for (let p = start[part]!; p < end[part]!; p++) if (claims[p]! & bit) return false;
    }
    for (let k = from; k < to; k++) {
      const part = parts[k]!;
      for (let p = start[part]!; p < end[part]!; p++) claims[p]! |= bit;
    }
    return true;
  }

  private mark(match: number, bit: number): void {
    const matches = this.matches;
    const channel = matches.channel[match] as Channel;
    const list = this.occurrences[channel];
    const claims = this.claims[channel];
    const parts = matches.parts.data;
    const to = matches.partStart[match]! + matches.partCount[match]!;
    for (let k = matches.partStart[match]!; k < to; k++) {
      const part = parts[k]!;
      for (let p = list.start[part]!; p < list.end[part]!; p++) claims[p]! |= bit;
    }
  }

  private isMarked(match: number, bit: number): boolean {
    const matches = this.matches;
    const channel = matches.channel[match] as Channel;
    const list = this.occurrences[channel];
    const claims = this.claims[channel];
    const parts = matches.parts.data;
    const to = matches.partStart[match]! + matches.partCount[match]!;
    for (let k = matches.partStart[match]!; k < to; k++) {
      const part = parts[k]!;
      for (let p = list.start[part]!; p < list.end[part]!; p++) if (claims[p]! & bit) return true;
    }
    return false;
  }
}

/**
 * Whether toLowerCase leaves this UTF-16 code unit alone in any context: CJK and kana, Hangul syllables, CJK,
 * general and fullwidth punctuation (not fullwidth letters), symbols and dingbats, variation selectors, emoji
 * (high surrogates of U+1F000-U+1FBFF, and low surrogates, which follow a high surrogate checked itself).
 */
function isCaseless(code: number): boolean {
  return (
    (code >= 0x3000 && code <= 0x30ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0xff01 && code <= 0xff20) ||
    (code >= 0xff3b && code <= 0xff40) ||
    (code >= 0xff5b && code <= 0xffef) ||
    (code >= 0x2000 && code <= 0x206f) ||
    (code >= 0x20d0 && code <= 0x20ff) ||
    (code >= 0x2600 && code <= 0x27bf) ||
    (code >= 0x2b00 && code <= 0x2bff) ||
    (code >= 0xfe00 && code <= 0xfe0f) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xd83c && code <= 0xd83e) ||
    (code >= 0xdc00 && code <= 0xdfff)
  );
}

/** a-z, or A-Z in text that the tokenizer lower-cases on the fly. */
function isLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

/** Lists per id from flat `(id, value)` pairs, values in the order given. */
function listsById(idCount: number, pairs: readonly number[]): PerIdLists {
  const offsets = new Int32Array(idCount + 1);
  for (let k = 0; k < pairs.length; k += 2) offsets[pairs[k]! + 1]!++;
  for (let id = 0; id < idCount; id++) offsets[id + 1]! += offsets[id]!;
  const values = new Int32Array(pairs.length / 2);
  const next = offsets.slice(0, idCount);
  for (let k = 0; k < pairs.length; k += 2) values[next[pairs[k]!]!++] = pairs[k + 1]!;
  return { offsets, values };
}

/** Whether match `a` sorts before match `b`: covers more positions, then has fewer gaps, then starts earlier. */
function isLonger(covered: Int32Array, gaps: Int32Array, start: Int32Array, a: number, b: number): boolean {
  return (
    covered[a]! > covered[b]! ||
    (covered[a] === covered[b] && (gaps[a]! < gaps[b]! || (gaps[a] === gaps[b] && start[a]! < start[b]!)))
  );
}

/** Sorts `data[0 .. count)` ascending: insertion sort for the few, mostly ordered, bounds of a message. */
function sortInts(data: Int32Array, count: number): void {
  if (count > INSERTION_SORT_LIMIT) {
    data.subarray(0, count).sort();
    return;
  }
  for (let i = 1; i < count; i++) {
    const value = data[i]!;
    let j = i - 1;
    while (j >= 0 && data[j]! > value) {
      data[j + 1] = data[j]!;
      j--;
    }
    data[j + 1] = value;
  }
}

function includes(list: Int32Array, from: number, to: number, value: number): boolean {
  for (let k = from; k < to; k++) if (list[k] === value) return true;
  return false;
}

function pushUnique(list: string[], value: string): void {
  if (list.length < MAX_EVIDENCE && !list.includes(value)) list.push(value);
}

function languageOf(chinese: number, latinWords: number): Classification['language'] {
  if (chinese === 0) return 'en';
  return latinWords === 0 ? 'zh' : 'mixed';
}
