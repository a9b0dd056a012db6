const SEPARATORS = [/\n[ \t]*\n\s*/g, /\n\s*/g, /\s+/g] as const;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/** Where the last separator starting between `minimum` and `limit` begins, if any. */
function lastSeparatorEnd(
  text: string,
  limit: number,
  separator: RegExp,
  minimum: number,
): number | undefined {
  let best: number | undefined;
  separator.lastIndex = 0;
  for (const match of text.matchAll(separator)) {
    if (match.index > limit) break;
    if (match.index >= minimum) best = match.index;
  }
  return best;
}

/** The last grapheme boundary at or before `limit`; inside a single huge grapheme, the last code point boundary. */
function lastGraphemeBoundary(text: string, limit: number): number {
  let boundary = 0;
  // Two code units past the limit: the code point at the limit decides whether a boundary is there.
  for (const { index } of graphemes.segment(text.slice(0, limit + 2))) {
    if (index > limit) break;
    boundary = index;
  }
  if (boundary > 0) return boundary;
  return isHighSurrogate(text.charCodeAt(limit - 1)) ? limit - 1 : limit;
}

/**
 * Splits a plain text into Telegram messages of at most `limit` UTF-16 code units (as Telegram counts):
 * at paragraph breaks if possible, then line breaks, then spaces, and only as a last resort inside a word —
 * never inside a grapheme (so never inside a surrogate pair or an emoji sequence) unless one grapheme alone is
 * longer than the limit. Whitespace at the cuts is dropped; no part is empty.
 */
export function splitTelegramText(text: string, limit = 4096): string[] {
  if (!Number.isInteger(limit) || limit < 2)
    throw new RangeError(`limit must be an integer ≥ 2, got ${limit}`);
  const parts: string[] = [];
  let rest = text.trim();
  const minimum = Math.floor(limit / 2);
  while (rest.length > limit) {
    let cut: number | undefined;
    for (const separator of SEPARATORS) {
      cut = lastSeparatorEnd(rest, limit, separator, minimum);
      if (cut !== undefined) break;
    }
    cut ??= lastSeparatorEnd(rest, limit, /\s+/g, 1) ?? lastGraphemeBoundary(rest, limit);
    const part = rest.slice(0, cut).trimEnd();
    if (part) parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}
