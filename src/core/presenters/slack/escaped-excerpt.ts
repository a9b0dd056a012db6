import { escapeMrkdwn } from './escape-mrkdwn.js';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Owner text escaped for mrkdwn and cut, at a grapheme boundary, so the escaped result has at most `max`
 * characters (an ellipsis included). Cutting before escaping keeps entities such as `&amp;` whole.
 */
export function escapedExcerpt(text: string, max: number): { text: string; truncated: boolean } {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return { text: escaped, truncated: false };
  const budget = max - 1;
  let length = 0;
  let out = '';
  for (const { segment } of graphemes.segment(text)) {
    const piece = escapeMrkdwn(segment);
    if (length + piece.length > budget) break;
    out += piece;
    length += piece.length;
  }
  return { text: `${out.trimEnd()}…`, truncated: true };
}
