interface TrieNode {
  readonly next: Map<number, TrieNode>;
  id: number;
}

/** Finds every occurrence of a set of strings (Chinese terms, emoji) in a text, in one pass per start position. */
export class SubstringTrie {
  private readonly root: TrieNode = { next: new Map(), id: -1 };
  private readonly ids = new Map<string, number>();
  private readonly firstChars = new Uint8Array(0x10000);

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
    this.firstChars[text.charCodeAt(0)] = 1;
    return id;
  }

  /** Calls `emit(id, start, end)` for every occurrence, ordered by start then length. */
  scan(text: string, emit: (id: number, start: number, end: number) => void): void {
    for (let start = 0; start < text.length; start++) {
      const first = text.charCodeAt(start);
      if (this.firstChars[first] === 0) continue;
      let node: TrieNode | undefined = this.root;
      for (let i = start; i < text.length && node !== undefined; i++) {
        node = node.next.get(text.charCodeAt(i));
        if (node !== undefined && node.id >= 0) emit(node.id, start, i + 1);
      }
    }
  }
}
