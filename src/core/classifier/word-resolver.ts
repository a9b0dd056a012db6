import distances from 'natural/lib/natural/distance/levenshtein_distance.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';

const NONE: readonly number[] = Object.freeze([]);
const MEMO_LIMIT = 50_000;

interface FuzzyCandidate {
  readonly surface: string;
  readonly id: number;
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
  private readonly candidates = new Map<string, FuzzyCandidate[]>();
  private fuzzyOptions: FuzzyOptions = { minLength: 6, keep: new Set() };

  /** Id of a lexicon word matched by stem (`exact` false) or as written (`exact` true); registers it if new. */
  register(word: string, exact: boolean): number {
    const key = exact ? `x:${word}` : `s:${stem(word)}`;
    let id = this.ids.get(key);
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

  private lookup(word: string): readonly number[] {
    const exact = this.ids.get(`x:${word}`);
    const stemmed = this.ids.get(`s:${stem(word)}`);
    if (exact !== undefined && stemmed !== undefined) return [exact, stemmed];
    if (exact !== undefined) return [exact];
    if (stemmed !== undefined) return [stemmed];
    const near = this.nearest(word);
    return near === undefined ? NONE : [near.id];
  }

  private nearest(word: string): FuzzyCandidate | undefined {
    const { minLength, keep } = this.fuzzyOptions;
    if (word.length < minLength || keep.has(word) || /\d/.test(word)) return undefined;
    if (this.ids.has(`s:${stem(word)}`) || this.ids.has(`x:${word}`)) return undefined;
    const maxDistance = word.length >= 9 ? 2 : 1;
    let best: FuzzyCandidate | undefined;
    let bestDistance = maxDistance + 1;
    for (const candidate of this.candidates.get(word[0]!) ?? []) {
      const { surface } = candidate;
      if (Math.abs(surface.length - word.length) > maxDistance || surface.length < minLength - 1) continue;
      if (!roughlyEqual(word, surface, maxDistance)) continue;
      const distance = distances.DamerauLevenshteinDistance(word, surface);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  private addCandidate(surface: string, id: number): void {
    const bucket = this.candidates.get(surface[0]!);
    if (bucket === undefined) this.candidates.set(surface[0]!, [{ surface, id }]);
    else if (!bucket.some((candidate) => candidate.surface === surface)) bucket.push({ surface, id });
  }
}

const stemCache = new Map<string, string>();

function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = PorterStemmer.stem(word);
    if (stemCache.size >= MEMO_LIMIT) stemCache.clear();
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** Cheap filter before the edit distance: the letters of the two words differ by at most 2 × distance. */
function roughlyEqual(a: string, b: string, maxDistance: number): boolean {
  const counts = new Int8Array(128);
  for (let i = 0; i < a.length; i++) counts[a.charCodeAt(i) & 127]!++;
  for (let i = 0; i < b.length; i++) counts[b.charCodeAt(i) & 127]!--;
  let difference = 0;
  for (let i = 0; i < 128; i++) difference += Math.abs(counts[i]!);
  return difference <= 2 * maxDistance;
}
