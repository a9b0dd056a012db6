import type { Classification } from './classification.js';
import { type Classifier, type ClassifierCallOptions, createClassifier } from './create-classifier.js';

/** Options of `classify`. */
export interface ClassifyOptions extends ClassifierCallOptions {
  /** A classifier built with `createClassifier` (e.g. with the operator's lexicon overrides); default: shipped lexicon. */
  readonly classifier?: Classifier;
}

let shipped: Classifier | undefined;

/** Tags an owner message with specialty, urgency and nature, with confidences and evidence. */
export function classify(text: string, options: ClassifyOptions = {}): Classification {
  if (options.classifier !== undefined) return options.classifier.classify(text, options);
  shipped ??= createClassifier();
  return shipped.classify(text, options);
}
