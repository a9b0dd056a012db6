import distances from 'natural/lib/natural/distance/levenshtein_distance.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import stems from './lexicon-stems.json' with { type: 'json' };

const NONE: readonly number[] = Object.freeze([]);
const MEMO_LIMIT = 50_000;

interface FuzzyCandidate {
  readonly surface: string;
  readonly id: number;
  /** Registration order: of two candidates at the same distance, the earlier one wins. */
  readonly order: number;
}

/** Options for reading misspellings as lexicon words. */
export interface FuzzyOptions {
  /** Shortest word that may be read as a misspelling. */
  readonly minLength: number;
  /** Real words never to be read as a misspelling. */
  readonly keep: ReadonlySet<string>;
}

/**
 * Maps an input word to lexicon word ids: by exact spelling, by Porter stem, or (for longer words that match
 * neither) by Damerau-Levenshtein distance to a lexicon word. Results are memoised in a bounded map.
 */
export class WordResolver {
  private readonly ids = new Map<string, number>();
  private readonly memo = new Map<string, readonly number[]>();
  /** Fuzzy candidates by first letter, then by length (`candidates.get('b')[7]`: 7-letter words in b). */
  private readonly candidates = new Map<string, FuzzyCandidate[][]>();
  private readonly surfaces = new Set<string>();
  private fuzzyOptions: FuzzyOptions = { minLength: 6, keep: new Set() };
  /** Lexicon words of digits only (`999`), with their ids; built on first use. */
  private digitWords: Map<string, readonly number[]> | undefined;
  /** Bit `n` set when some digit word has `n` digits (longer ones set bit 31). */
  private digitLengths = 0;

  /** Id of a lexicon word matched by stem (`exact` false) or as written (`exact` true); registers it if new. */
  register(word: string, exact: boolean): number {
    const key = exact ? `x:${word}` : `s:${stem(word)}`;
    let id = this.ids.get(key);
    this.digitWords = undefined;
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    if (!exact) this.addCandidate(word, id);
    return id;
  }

  /** Sets which words may be read as misspellings; call after registering the lexicon. */
  configureFuzzy(options: FuzzyOptions): void {
    this.fuzzyOptions = options;
    this.memo.clear();
  }

  /** Number of distinct lexicon words. */
  get size(): number {
    return this.ids.size;
  }

  /** Lexicon word ids for one lower-cased input word. */
  resolve(word: string): readonly number[] {
    const known = this.memo.get(word);
    if (known !== undefined) return known;
    const found = this.lookup(word);
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(word, found);
    return found;
  }

  /** The lexicon word a misspelt input word is read as, or undefined. */
  fuzzyMatch(word: string): string | undefined {
    return this.nearest(word)?.surface;
  }

  /** `resolve` for a token of digits only, without memoising it (unit and phone numbers are mostly unique). */
  resolveDigits(digits: string): readonly number[] {
    return this.digitMap().get(digits) ?? NONE;
  }

  /**
   * `resolveDigits(text.slice(start, end))`, without copying the token when no digit word has its length
   * (most unit and ticket numbers).
   */
  resolveDigitSpan(text: string, start: number, end: number): readonly number[] {
    const words = this.digitMap();
    if ((this.digitLengths & (1 << Math.min(end - start, 31))) === 0) return NONE;
    return words.get(text.slice(start, end)) ?? NONE;
  }

  private digitMap(): Map<string, readonly number[]> {
    if (this.digitWords === undefined) {
      this.digitWords = new Map();
      this.digitLengths = 0;
      for (const key of this.ids.keys()) {
        const word = key.slice(2);
        if (/^[0-9]+$/.test(word)) {
          this.digitWords.set(word, this.lookup(word, word));
          this.digitLengths |= 1 << Math.min(word.length, 31);
        }
      }
    }
    return this.digitWords;
  }

  /** `stemmed` is `stem(word)` when known (a string of digits is its own stem). */
  private lookup(word: string, stemmedWord = stem(word)): readonly number[] {
    const exact = this.ids.get(`x:${word}`);
    const stemmed = this.ids.get(`s:${stemmedWord}`);
    if (exact !== undefined && stemmed !== undefined) return [exact, stemmed];
    if (exact !== undefined) return [exact];
    if (stemmed !== undefined) return [stemmed];
    // A misspelt word reads as the lexicon word it is closest to would: by stem, and as written where the
    // lexicon also has that spelling as an exact term (`blokced` → `blocked`, which `=blocked` matches).
    const near = this.nearest(word);
    if (near === undefined) return NONE;
    const exactOfNear = this.ids.get(`x:${near.surface}`);
    return exactOfNear === undefined ? [near.id] : [exactOfNear, near.id];
  }

  private nearest(word: string): FuzzyCandidate | undefined {
    const { minLength, keep } = this.fuzzyOptions;
    if (word.length < minLength || keep.has(word) || /\d/.test(word)) return undefined;
    if (this.ids.has(`s:${stem(word)}`) || this.ids.has(`x:${word}`)) return undefined;
    const maxDistance = word.length >= 9 ? 2 : 1;
    const byLength = this.candidates.get(word[0]!);
    if (byLength === undefined) return undefined;
    let best: FuzzyCandidate | undefined;
    let bestDistance = maxDistance + 1;
    const from = Math.max(word.length - maxDistance, minLength - 1);
    const to = Math.min(word.length + maxDistance, byLength.length - 1);
    for (let length = from; length <= to; length++) {
      const bucket = byLength[length];
      if (bucket === undefined) continue;
      for (const candidate of bucket) {
        const { surface } = candidate;
        if (!roughlyEqual(word, surface, maxDistance)) continue;
        const distance = distances.DamerauLevenshteinDistance(word, surface);
        if (
          distance < bestDistance ||
          (best !== undefined && distance === bestDistance && candidate.order < best.order)
        ) {
          best = candidate;
          bestDistance = distance;
        }
      }
    }
    return best;
  }

  /** Lexicon words registered by stem (the words `lexicon-stems.json` lists). */
  stemmedWords(): string[] {
    return [...this.surfaces];
  }

  private addCandidate(surface: string, id: number): void {
    if (this.surfaces.has(surface)) return;
    const candidate = { surface, id, order: this.surfaces.size };
    this.surfaces.add(surface);
    let byLength = this.candidates.get(surface[0]!);
    if (byLength === undefined) {
      byLength = [];
      this.candidates.set(surface[0]!, byLength);
    }
    const bucket = byLength[surface.length];
    if (bucket === undefined) byLength[surface.length] = [candidate];
    else bucket.push(candidate);
  }
}

const stemCache = new Map<string, string>();
/**
 * Stems of the shipped lexicon words, computed at build time (test/core/classifier/lexicon-stems.test.ts checks
 * and rewrites the file) so that compiling the lexicon at start-up does not run the stemmer; a word missing
 * from it (an operator's override, a lexicon edit before the file is rewritten) is simply stemmed.
 */
const precomputed = new Map<string, string>(Object.entries(stems as Record<string, string>));

/** Porter stem of a lower-cased word, memoised. */
export function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = precomputed.get(word) ?? PorterStemmer.stem(word);
    if (stemCache.size >= MEMO_LIMIT) stemCache.clear();
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** Cheap filter before the edit distance: the letters of the two words differ by at most 2 × distance. */
function roughlyEqual(a: string, b: string, maxDistance: number): boolean {
  const counts = letterCounts;
  for (let i = 0; i < a.length; i++) counts[a.charCodeAt(i) & 127]!++;
  for (let i = 0; i < b.length; i++) counts[b.charCodeAt(i) & 127]!--;
  let difference = 0;
  for (let i = 0; i < a.length; i++) {
    const code = a.charCodeAt(i) & 127;
    difference += Math.abs(counts[code]!);
    counts[code] = 0;
  }
  for (let i = 0; i < b.length; i++) {
    const code = b.charCodeAt(i) & 127;
    difference += Math.abs(counts[code]!);
    counts[code] = 0;
  }
  return difference <= 2 * maxDistance;
}

const letterCounts = new Int8Array(128);
