/** Kinds of context cue: they never decide a field by themselves but change how nearby terms count. */
export const CUE_KINDS = [
  'negation',
  'past',
  'pastDistant',
  'present',
  'future',
  'resolved',
  'intensity',
  'calm',
  'clauseBreak',
] as const;

/** A kind of context cue. */
export type CueKind = (typeof CUE_KINDS)[number];
