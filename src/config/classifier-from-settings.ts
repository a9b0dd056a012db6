import { type Classifier, createClassifier } from '../core/classifier/create-classifier.js';
import type { Settings } from './settings-schema.js';

/** The classifier the settings describe: the shipped lexicon with the operator's overrides and threshold. */
export function classifierFromSettings(settings: Pick<Settings, 'classifier'>): Classifier {
  return createClassifier(settings.classifier.lexicon, {
    lowConfidenceThreshold: settings.classifier.lowConfidence,
  });
}
