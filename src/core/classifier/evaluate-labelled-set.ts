import {
  type Language,
  NATURES,
  type Nature,
  SPECIALTIES,
  type Specialty,
  URGENCIES,
  type Urgency,
} from '../taxonomy.js';
import type { Classification } from './classification.js';

/** One hand-labelled owner message. */
export interface LabelledMessage {
  readonly text: string;
  readonly specialty: Specialty;
  readonly urgency: Urgency;
  readonly nature: Nature;
  readonly lang: Language;
}

/** Precision, recall and F1 of one class. */
export interface ClassScore {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

/** Scores of one field (specialty, urgency or nature). */
export interface FieldReport<T extends string> {
  readonly accuracy: number;
  readonly perClass: Record<T, ClassScore>;
  /** confusion[expected][predicted] = count */
  readonly confusion: Record<T, Record<T, number>>;
}

/** Scores of one set of messages. */
export interface EvaluationReport {
  readonly count: number;
  readonly specialty: FieldReport<Specialty>;
  readonly urgency: FieldReport<Urgency>;
  readonly nature: FieldReport<Nature>;
  readonly emergencyRecall: number;
}

/** A message the classifier got wrong on at least one field. */
export interface Miss {
  readonly message: LabelledMessage;
  readonly got: Classification;
}

/** Scores a classifier on labelled messages, overall and per language. */
export function evaluateLabelledSet(
  messages: readonly LabelledMessage[],
  classify: (text: string) => Classification,
): { overall: EvaluationReport; byLanguage: Partial<Record<Language, EvaluationReport>>; misses: Miss[] } {
  const results = messages.map((message) => ({ message, got: classify(message.text) }));
  const byLanguage: Partial<Record<Language, EvaluationReport>> = {};
  for (const lang of ['en', 'zh'] as const) {
    const subset = results.filter(({ message }) => message.lang === lang);
    if (subset.length > 0) byLanguage[lang] = report(subset);
  }
  const misses = results.filter(
    ({ message, got }) =>
      message.specialty !== got.specialty || message.urgency !== got.urgency || message.nature !== got.nature,
  );
  return { overall: report(results), byLanguage, misses };
}

function report(results: readonly Miss[]): EvaluationReport {
  const urgency = field(
    URGENCIES,
    results,
    (m) => m.urgency,
    (c) => c.urgency,
  );
  return {
    count: results.length,
    specialty: field(
      SPECIALTIES,
      results,
      (m) => m.specialty,
      (c) => c.specialty,
    ),
    urgency,
    nature: field(
      NATURES,
      results,
      (m) => m.nature,
      (c) => c.nature,
    ),
    emergencyRecall: urgency.perClass.emergency.recall,
  };
}

function field<T extends string>(
  classes: readonly T[],
  results: readonly Miss[],
  expected: (message: LabelledMessage) => T,
  predicted: (classification: Classification) => T,
): FieldReport<T> {
  const confusion = Object.fromEntries(
    classes.map((row) => [row, Object.fromEntries(classes.map((column) => [column, 0]))]),
  ) as Record<T, Record<T, number>>;
  let correct = 0;
  for (const { message, got } of results) {
    const want = expected(message);
    const have = predicted(got);
    confusion[want][have]++;
    if (want === have) correct++;
  }
  const perClass = Object.fromEntries(
    classes.map((name) => {
      const truePositives = confusion[name][name];
      const support = classes.reduce((sum, column) => sum + confusion[name][column], 0);
      const predictedCount = classes.reduce((sum, row) => sum + confusion[row][name], 0);
      const precision = predictedCount === 0 ? 1 : truePositives / predictedCount;
      const recall = support === 0 ? 1 : truePositives / support;
      const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      return [name, { precision, recall, f1, support }];
    }),
  ) as Record<T, ClassScore>;
  return { accuracy: results.length === 0 ? 1 : correct / results.length, perClass, confusion };
}
