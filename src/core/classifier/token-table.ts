/** FNV-1a step; the analyser hashes each token's (lower-cased) char codes while it scans. */
export const HASH_SEED = 0x811c9dc5;
export const hashStep = (hash: number, code: number): number => Math.imul(hash ^ code, 0x01000193);

const LIMIT = 1 << 15;
const SLOTS = LIMIT * 2;
const POOL_LIMIT = 1 << 20;

/** One word a token stands for: its span inside the token and its lexicon ids. */
export interface TokenWord {
  readonly start: number;
  readonly end: number;
  readonly ids: readonly number[];
}

/**
 * Bounded memo from tokens (letters and digits, maybe joined by apostrophes) to the words they stand for,
 * looked up by hash and the token's span in the message so that a known token costs no string allocation and
 * few cache misses. Each entry is one run of the pool:
 * `[length, latinWords, wordCount, ...chars, (start, end, idCount, ...ids) per word]`. Cleared when full.
 */
export class TokenTable {
  /** Per slot: hash, then 1 + pool offset of the entry (0 for an empty slot). */
  private readonly slots = new Int32Array(SLOTS * 2);
  pool = new Int32Array(1 << 16);
  private poolSize = 0;
  private size = 0;

  /**
   * Pool offset of the entry for `text[start..end)` (lower-cased: A-Z are folded, ’ reads as ') with hash
   * `hash`, or -1. The entry's words start at `offset + 3 + length`.
   */
  find(text: string, start: number, end: number, hash: number): number {
    const length = end - start;
    const slots = this.slots;
    const pool = this.pool;
    const mask = SLOTS - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const entry = slots[2 * at + 1]!;
      if (entry === 0) return -1;
      if (slots[2 * at] !== hash) continue;
      const offset = entry - 1;
      if (pool[offset] !== length) continue;
      let same = true;
      for (let i = 0; i < length; i++) {
        let code = text.charCodeAt(start + i);
        if (code >= 65 && code <= 90) code += 32;
        else if (code === 0x2019) code = 39;
        if (pool[offset + 3 + i] !== code) {
          same = false;
          break;
        }
      }
      if (same) return offset;
    }
  }

  /** Adds the entry of lower-cased token `key` (with ' for ’); returns its pool offset. */
  add(key: string, hash: number, latinWords: number, words: readonly TokenWord[]): number {
    let needed = 3 + key.length;
    for (const word of words) needed += 3 + word.ids.length;
    if (this.size >= LIMIT || this.poolSize + needed > POOL_LIMIT) this.clear();
    if (this.poolSize + needed > this.pool.length) {
      const pool = new Int32Array(Math.max(this.pool.length * 2, this.poolSize + needed));
      pool.set(this.pool.subarray(0, this.poolSize));
      this.pool = pool;
    }
    const pool = this.pool;
    const offset = this.poolSize;
    let at = offset;
    pool[at++] = key.length;
    pool[at++] = latinWords;
    pool[at++] = words.length;
    for (let i = 0; i < key.length; i++) pool[at++] = key.charCodeAt(i);
    for (const { start, end, ids } of words) {
      pool[at++] = start;
      pool[at++] = end;
      pool[at++] = ids.length;
      for (const id of ids) pool[at++] = id;
    }
    this.poolSize = at;
    const slots = this.slots;
    const mask = SLOTS - 1;
    let slot = hash & mask;
    while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
    slots[2 * slot] = hash;
    slots[2 * slot + 1] = offset + 1;
    this.size++;
    return offset;
  }

  private clear(): void {
    this.slots.fill(0);
    this.poolSize = 0;
    this.size = 0;
  }
}
