interface TrieNode {
  readonly next: Map<number, TrieNode>;
  id: number;
}

/** The trie flattened for scanning: children of the root by char code, deeper edges in a hash table. */
interface FlatTrie {
  /** Node reached from the root by each char code, or 0 for none (node 0 is the root). */
  readonly rootChild: Int32Array;
  /** Bit `code` set when `rootChild[code]` is not 0: a small table to skip the chars no string starts with. */
  readonly rootBits: Int32Array;
  /** Open-addressing table of edges below the first level: parent node, char code, child node. */
  readonly edgeParent: Int32Array;
  readonly edgeCode: Uint16Array;
  readonly edgeChild: Int32Array;
  readonly mask: number;
  /** String id ending at each node, or -1. */
  readonly nodeId: Int32Array;
  /** Whether a node has children at all. */
  readonly hasChildren: Uint8Array;
  /**
   * The most ASCII chars any string starts with before its first other char (0: ASCII positions are skipped);
   * Infinity when some string is all ASCII, so that every position is tried.
   */
  readonly asciiLead: number;
}

const slot = (parent: number, code: number, mask: number): number =>
  ((Math.imul(parent, 0x9e3779b1) ^ Math.imul(code, 0x85ebca77)) >>> 0) & mask;

const fold = (code: number): number => (code >= 65 && code <= 90 ? code + 32 : code);

function hasNonAscii(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) >= 0x80) return true;
  return false;
}

/** Finds every occurrence of a set of strings (Chinese terms, emoji) in a text, in one pass per start position. */
export class SubstringTrie {
  private readonly root: TrieNode = { next: new Map(), id: -1 };
  private readonly ids = new Map<string, number>();
  private flat: FlatTrie | undefined;

  /** Number of distinct strings. */
  get size(): number {
    return this.ids.size;
  }

  /** Id of a string; registers it if new. */
  register(text: string): number {
    let id = this.ids.get(text);
    if (id !== undefined) return id;
    id = this.ids.size;
    this.ids.set(text, id);
    this.flat = undefined;
    let node = this.root;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let child = node.next.get(code);
      if (child === undefined) {
        child = { next: new Map(), id: -1 };
        node.next.set(code, child);
      }
      node = child;
    }
    node.id = id;
    return id;
  }

  /**
   * Calls `emit(id, start, end)` for every occurrence, ordered by start then length. A-Z in the text match
   * a-z (registered strings are lower-cased). The chars before `from` are ASCII.
   */
  scan(text: string, emit: (id: number, start: number, end: number) => void, from = 0): void {
    this.flat ??= this.flatten();
    const { rootChild, rootBits, edgeParent, edgeCode, edgeChild, mask, nodeId, hasChildren, asciiLead } =
      this.flat;
    const length = text.length;
    const anyAscii = asciiLead === Number.POSITIVE_INFINITY;
    const firstStart = anyAscii ? 0 : Math.max(0, from - asciiLead);
    for (let start = firstStart; start < length; start++) {
      let first = text.charCodeAt(start);
      if (first < 0x80) {
        if (asciiLead === 0) continue;
        first = fold(first);
        if ((rootBits[first >>> 5]! & (1 << (first & 31))) === 0) continue;
        if (!anyAscii && !hasNonAscii(text, start + 1, Math.min(length, start + 1 + asciiLead))) continue;
      } else if ((rootBits[first >>> 5]! & (1 << (first & 31))) === 0) continue;
      let node = rootChild[first]!;
      if (node === 0) continue;
      let end = start + 1;
      for (;;) {
        const id = nodeId[node]!;
        if (id >= 0) emit(id, start, end);
        if (end >= length || hasChildren[node] === 0) break;
        const code = fold(text.charCodeAt(end));
        let at = slot(node, code, mask);
        let child = 0;
        for (;;) {
          const parent = edgeParent[at]!;
          if (parent === 0) break;
          if (parent === node && edgeCode[at] === code) {
            child = edgeChild[at]!;
            break;
          }
          at = (at + 1) & mask;
        }
        if (child === 0) break;
        node = child;
        end++;
      }
    }
  }

  private flatten(): FlatTrie {
    const nodes: TrieNode[] = [this.root];
    const edges: [number, number, number][] = [];
    const rootChild = new Int32Array(0x10000);
    for (let index = 0; index < nodes.length; index++) {
      for (const [code, child] of nodes[index]!.next) {
        const childIndex = nodes.push(child) - 1;
        if (index === 0) rootChild[code] = childIndex;
        else edges.push([index, code, childIndex]);
      }
    }
    let size = 16;
    while (size < edges.length * 2) size *= 2;
    const mask = size - 1;
    const edgeParent = new Int32Array(size);
    const edgeCode = new Uint16Array(size);
    const edgeChild = new Int32Array(size);
    for (const [parent, code, child] of edges) {
      let at = slot(parent, code, mask);
      while (edgeParent[at] !== 0) at = (at + 1) & mask;
      edgeParent[at] = parent;
      edgeCode[at] = code;
      edgeChild[at] = child;
    }
    const nodeId = new Int32Array(nodes.length);
    const hasChildren = new Uint8Array(nodes.length);
    nodes.forEach((node, index) => {
      nodeId[index] = node.id;
      hasChildren[index] = node.next.size > 0 ? 1 : 0;
    });
    let asciiLead = 0;
    for (const text of this.ids.keys()) {
      let lead = 0;
      while (lead < text.length && text.charCodeAt(lead) < 0x80) lead++;
      asciiLead = Math.max(asciiLead, lead === text.length ? Number.POSITIVE_INFINITY : lead);
    }
    const rootBits = new Int32Array(0x10000 / 32);
    for (const code of this.root.next.keys()) rootBits[code >>> 5]! |= 1 << (code & 31);
    return { rootChild, rootBits, edgeParent, edgeCode, edgeChild, mask, nodeId, hasChildren, asciiLead };
  }
}
