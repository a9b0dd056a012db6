export type { Classification } from './classification.js';
export { type ClassifyOptions, classify } from './classify.js';
export {
  type Classifier,
  type ClassifierCallOptions,
  type CreateClassifierOptions,
  createClassifier,
  DEFAULT_LOW_CONFIDENCE_THRESHOLD,
} from './create-classifier.js';
export { LexiconError } from './lexicon-error.js';
export { type LexiconOverrides, lexiconOverridesSchema } from './lexicon-overrides-schema.js';
