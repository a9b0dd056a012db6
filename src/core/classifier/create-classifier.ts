import { applyOverrides } from './apply-overrides.js';
import type { Classification } from './classification.js';
import { compileLexicon } from './compile-lexicon.js';
import { defaultLexicon } from './lexicon.js';
import type { LexiconOverrides } from './lexicon-overrides-schema.js';
import type { Lexicon } from './lexicon-schema.js';
import { MessageAnalyser } from './message-analyser.js';

/** Specialty confidence below which a message is sent to the front desk, unless configured otherwise. */
export const DEFAULT_LOW_CONFIDENCE_THRESHOLD = 0.35;

/** Options of one classification. */
export interface ClassifierCallOptions {
  /** Specialty confidence (0..1) below which the message goes to `general`; the guess becomes `secondarySpecialty`. */
  readonly lowConfidenceThreshold?: number;
}

/** Options for building a classifier. */
export interface CreateClassifierOptions extends ClassifierCallOptions {
  /** Lexicon to start from instead of the shipped one (before overrides). */
  readonly lexicon?: Lexicon;
}

/** A classifier with its lexicon compiled once; `classify` is pure and synchronous. */
export interface Classifier {
  classify(text: string, options?: ClassifierCallOptions): Classification;
}

/**
 * Compiles the shipped lexicon with operator overrides into a classifier. Throws a LexiconError naming the
 * override (e.g. `classifier.lexicon.en.remove`) when an entry cannot be compiled.
 */
export function createClassifier(
  overrides?: LexiconOverrides,
  options: CreateClassifierOptions = {},
): Classifier {
  const languages = applyOverrides(options.lexicon ?? defaultLexicon, overrides);
  const analyser = new MessageAnalyser(compileLexicon([languages.en, languages.zh]));
  const defaultThreshold = options.lowConfidenceThreshold ?? DEFAULT_LOW_CONFIDENCE_THRESHOLD;
  return {
    classify: (text, callOptions) =>
      analyser.classify(text, callOptions?.lowConfidenceThreshold ?? defaultThreshold),
  };
}
