const WORD = /[a-z0-9]+(?:['’][a-z]+)*/g;

const CONTRACTIONS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
    dont: ['do', 'not'],
    doesnt: ['does', 'not'],
    didnt: ['did', 'not'],
    isnt: ['is', 'not'],
    wasnt: ['was', 'not'],
    arent: ['are', 'not'],
    werent: ['were', 'not'],
    wont: ['will', 'not'],
    cant: ['can', 'not'],
    cannot: ['can', 'not'],
    couldnt: ['could', 'not'],
    wouldnt: ['would', 'not'],
    shouldnt: ['should', 'not'],
    hasnt: ['has', 'not'],
    havent: ['have', 'not'],
    hadnt: ['had', 'not'],
    aint: ['is', 'not'],
    "won't": ['will', 'not'],
    "can't": ['can', 'not'],
    "ain't": ['is', 'not'],
  }),
);

/**
 * Calls `emit` for each word of already lower-cased text, with its character span. Contractions become two
 * words (`doesn't` → `does not`), other apostrophes split (`it's` → `it s`).
 */
export function tokenizeWords(lower: string, emit: (word: string, start: number, end: number) => void): void {
  WORD.lastIndex = 0;
  for (let match = WORD.exec(lower); match !== null; match = WORD.exec(lower)) {
    const raw = match[0];
    const start = match.index;
    const end = start + raw.length;
    if (raw.indexOf("'") < 0 && raw.indexOf('’') < 0) {
      const expanded = raw.charCodeAt(raw.length - 1) === 116 ? CONTRACTIONS.get(raw) : undefined;
      if (expanded === undefined) emit(raw, start, end);
      else for (const word of expanded) emit(word, start, end);
      continue;
    }
    tokenizeApostropheWord(raw, start, emit);
  }
}

/** The words of one token that has an apostrophe (`doesn't` → `does not`, `it's` → `it s`). */
export function tokenizeApostropheWord(
  raw: string,
  start: number,
  emit: (word: string, start: number, end: number) => void,
): void {
  const end = start + raw.length;
  const normalised = raw.replace(/’/g, "'");
  const expanded = CONTRACTIONS.get(normalised);
  if (expanded !== undefined) {
    for (const word of expanded) emit(word, start, end);
  } else if (normalised.endsWith("n't")) {
    emit(normalised.slice(0, -3), start, end);
    emit('not', start, end);
  } else {
    let offset = start;
    for (const piece of normalised.split("'")) {
      emit(piece, offset, offset + piece.length);
      offset += piece.length + 1;
    }
  }
}

/** The words a token without apostrophes stands for: itself, or two for a contraction (`dont` → `do not`). */
export function expandPlainWord(raw: string): readonly string[] | undefined {
  return raw.charCodeAt(raw.length - 1) === 116 ? CONTRACTIONS.get(raw) : undefined;
}

const PLAIN_WORD = /^[a-z0-9]+$/;

/** The words of a lexicon term or of any short text, lower-cased. */
export function wordsOf(text: string): string[] {
  if (PLAIN_WORD.test(text) && expandPlainWord(text) === undefined) return [text];
  const words: string[] = [];
  tokenizeWords(text.toLowerCase(), (word) => words.push(word));
  return words;
}
