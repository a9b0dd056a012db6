import { describe, expect, it } from '@jest/globals';
import { SubstringTrie } from '../../../src/core/classifier/substring-trie.js';
import { seededRandom } from '../../support/seeded-random.js';

type Hit = [id: number, start: number, end: number];

const trieOf = (strings: readonly string[]): SubstringTrie => {
  const trie = new SubstringTrie();
  for (const s of strings) trie.register(s);
  return trie;
};

const scan = (trie: SubstringTrie, text: string, from?: number): Hit[] => {
  const hits: Hit[] = [];
  trie.scan(text, (id, start, end) => hits.push([id, start, end]), from);
  return hits;
};

/** Every occurrence by brute force, ordered by start then length. */
const naive = (strings: readonly string[], text: string): Hit[] => {
  const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const hits: Hit[] = [];
  for (let start = 0; start < lower.length; start++) {
    for (const [id, s] of strings.entries())
      if (lower.startsWith(s, start)) hits.push([id, start, start + s.length]);
  }
  return hits.sort((a, b) => a[1] - b[1] || a[2] - b[2]);
};

/** Where the analyser starts a scan: the first char that is not ASCII. */
const firstNonAscii = (text: string): number => {
  let at = 0;
  while (at < text.length && text.charCodeAt(at) < 0x80) at++;
  return at;
};

const ALPHABET = ['a', 'B', 'b', 'c', '3', ' ', '号', '楼', '座', '栋', '漏', '水', '🙏', 'x'];

describe('SubstringTrie', () => {
  it('finds a term that starts with ASCII letters or digits after English text, in any case', () => {
    const strings = ['b座', '3号楼', '漏水'];
    const text = 'Hello, the pipe in B座 is broken, 3号楼 too, 漏水';
    const hits = scan(trieOf(strings), text, firstNonAscii(text));
    expect(hits.map(([id, start, end]) => [id, text.slice(start, end)])).toEqual([
      [0, 'B座'],
      [1, '3号楼'],
      [2, '漏水'],
    ]);
    expect(hits).toEqual(naive(strings, text));
  });

  it('finds an all-ASCII string anywhere, even before the first other char', () => {
    const strings = [':)', '漏水'];
    const text = 'fixed :) thanks 漏水';
    expect(scan(trieOf(strings), text, firstNonAscii(text))).toEqual(naive(strings, text));
    expect(scan(trieOf(strings), text, firstNonAscii(text))).toContainEqual([0, 6, 8]);
  });

  it('agrees with a brute-force search on random texts for CJK-only, ASCII-led and all-ASCII string sets', () => {
    const sets = [
      ['漏水', '水', '号楼', '🙏'],
      ['b座', 'a栋', 'bb楼', '3号楼', '座'],
      ['b座', 'ab', '楼', 'cb3'],
    ];
    const next = seededRandom(7);
    for (const strings of sets) {
      const trie = trieOf(strings);
      for (let n = 0; n < 2000; n++) {
        const length = Math.floor(next() * 16);
        const text = Array.from({ length }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]!).join('');
        expect([strings, text, scan(trie, text, firstNonAscii(text))]).toEqual([
          strings,
          text,
          naive(strings, text),
        ]);
      }
    }
  });
});
