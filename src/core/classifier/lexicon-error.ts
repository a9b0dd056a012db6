/** A lexicon (shipped or operator override) that cannot be compiled; the message names the bad entry. */
export class LexiconError extends Error {
  override readonly name = 'LexiconError';
}
