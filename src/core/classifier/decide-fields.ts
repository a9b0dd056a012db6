import { NATURES, type Nature, SPECIALTIES, type Specialty, URGENCIES, type Urgency } from '../taxonomy.js';

/** One decided field with its confidence and evidence. */
export interface Decision<T> {
  readonly value: T;
  readonly confidence: number;
  readonly evidence: string[];
  readonly secondary?: Specialty;
}

const GENERAL = SPECIALTIES.indexOf('general');
const MAX_EVIDENCE = 6;

const round = (value: number): number => Math.round(Math.min(Math.max(value, 0), 1) * 100) / 100;

/**
 * The specialty with the highest score; `general` (with the guess as secondary) when the confidence is below
 * the threshold. Confidence grows with the winner's share of the scores and with its absolute strength.
 */
export function decideSpecialty(
  scores: ArrayLike<number>,
  evidence: (specialty: number) => string[],
  threshold: number,
): Decision<Specialty> {
  let top = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[top]!) top = i;
  let second = -1;
  for (let i = 0; i < scores.length; i++) {
    if (i !== top && (second < 0 || scores[i]! > scores[second]!)) second = i;
  }
  const topScore = scores[top]!;
  if (topScore === 0) return { value: 'general', confidence: 0.3, evidence: [] };
  const secondScore = scores[second]!;
  const confidence = round((topScore / (topScore + secondScore)) * (1 - Math.exp(-topScore / 2)));
  if (confidence < threshold && top !== GENERAL) {
    return { value: 'general', confidence, evidence: evidence(top), secondary: SPECIALTIES[top]! };
  }
  const value = SPECIALTIES[top]!;
  if (secondScore >= 2 && secondScore >= topScore * 0.5) {
    return { value, confidence, evidence: evidence(top), secondary: SPECIALTIES[second]! };
  }
  return { value, confidence, evidence: evidence(top) };
}

/** Scores of the urgency cues that survived negation, tense and resolution. */
export interface UrgencyScores {
  readonly emergency: number;
  readonly urgent: number;
  /** Intensity (caps, `!!!`, "right now"), or -1 when the owner says it can wait. */
  readonly boost: number;
}

/**
 * Emergency on strong evidence, or on weak evidence backed by intensity or another problem; urgent likewise;
 * a weak emergency cue alone still gives urgent, since a missed emergency is the worst error.
 */
export function decideUrgency(
  { emergency, urgent, boost }: UrgencyScores,
  evidence: (level: number) => string[],
  intensity: readonly string[],
  calming: readonly string[],
): Decision<Urgency> {
  let level: number;
  let confidence: number;
  if (emergency >= 2 || (emergency >= 1 && (boost >= 1 || urgent >= 2))) {
    level = 0;
    confidence = 0.5 + 0.15 * Math.min(emergency, 3) + 0.05 * Math.max(boost, 0);
  } else if (urgent >= 2 || (urgent >= 1 && boost >= 1) || (emergency >= 1 && boost >= 0)) {
    level = 1;
    confidence = 0.5 + 0.1 * Math.min(urgent, 4) - (emergency > 0 ? 0.15 : 0);
  } else {
    level = 2;
    confidence = urgent === 0 && emergency === 0 ? 0.85 : 0.6;
  }
  let words: string[];
  if (level === 2) words = calming.slice(0, MAX_EVIDENCE);
  else {
    words = evidence(level);
    if (level === 1) appendUpTo(words, evidence(0));
    appendUpTo(words, intensity);
  }
  return { value: URGENCIES[level]!, confidence: round(confidence), evidence: words };
}

/** Appends `more` to `words` (a fresh array) up to MAX_EVIDENCE words in all. */
function appendUpTo(words: string[], more: readonly string[]): void {
  if (words.length > MAX_EVIDENCE) words.length = MAX_EVIDENCE;
  for (let i = 0; i < more.length && words.length < MAX_EVIDENCE; i++) words.push(more[i]!);
}

/** `special` when the own-unit cues outweigh the common-area cues. */
export function decideNature(
  routine: number,
  special: number,
  evidence: (nature: number) => string[],
): Decision<Nature> {
  const nature = special > routine ? 1 : 0;
  const confidence =
    special + routine === 0 ? 0.6 : 0.5 + (0.5 * Math.abs(special - routine)) / (special + routine + 1);
  return { value: NATURES[nature]!, confidence: round(confidence), evidence: evidence(nature) };
}
