import { readFileSync } from 'node:fs';
import { createClassifier } from '../src/core/classifier/create-classifier.js';
import {
  type EvaluationReport,
  evaluateLabelledSet,
  type FieldReport,
  type LabelledMessage,
} from '../src/core/classifier/evaluate-labelled-set.js';

const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const file = args.find((arg) => !arg.startsWith('--')) ?? 'test/fixtures/classifier/labelled-set.jsonl';
const messages: LabelledMessage[] = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as LabelledMessage);

const classifier = createClassifier();
const { overall, byLanguage, misses } = evaluateLabelledSet(messages, (text) => classifier.classify(text));

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

function printField<T extends string>(name: string, report: FieldReport<T>): void {
  console.log(`  ${name}: accuracy ${percent(report.accuracy)}`);
  const classes = Object.keys(report.perClass) as T[];
  const width = Math.max(...classes.map((c) => c.length), 9);
  console.log(`    ${'class'.padEnd(width)}  precision  recall     F1  support`);
  for (const c of classes) {
    const { precision, recall, f1, support } = report.perClass[c];
    console.log(
      `    ${c.padEnd(width)}  ${percent(precision).padStart(9)}  ${percent(recall).padStart(6)} ${percent(f1).padStart(6)}  ${String(support).padStart(7)}`,
    );
  }
  console.log(`    confusion (rows expected, columns predicted):`);
  console.log(`    ${''.padEnd(width)}  ${classes.map((c) => c.slice(0, 8).padStart(8)).join(' ')}`);
  for (const row of classes) {
    console.log(
      `    ${row.padEnd(width)}  ${classes.map((c) => String(report.confusion[row][c]).padStart(8)).join(' ')}`,
    );
  }
}

function printReport(title: string, report: EvaluationReport): void {
  console.log(`\n== ${title} (${report.count} messages) ==`);
  printField('specialty', report.specialty);
  printField('urgency', report.urgency);
  printField('nature', report.nature);
  console.log(`  emergency recall: ${percent(report.emergencyRecall)}`);
}

console.log(`Classifier evaluation on ${file}`);
printReport('all', overall);
for (const [lang, report] of Object.entries(byLanguage)) printReport(lang, report);

console.log('\n== summary ==');
const line = (label: string, report: EvaluationReport): string =>
  `${label.padEnd(4)} specialty ${percent(report.specialty.accuracy)}  urgency ${percent(report.urgency.accuracy)}  nature ${percent(report.nature.accuracy)}  emergency recall ${percent(report.emergencyRecall)}  (n=${report.count})`;
console.log(line('all', overall));
for (const [lang, report] of Object.entries(byLanguage)) console.log(line(lang, report));

if (showMisses) {
  console.log('\n== misses ==');
  for (const { message, got } of misses) {
    const diff = (['specialty', 'urgency', 'nature'] as const)
      .filter((key) => message[key] !== got[key])
      .map((key) => `${key} ${message[key]}→${got[key]}`)
      .join(', ');
    console.log(`- [${diff}] ${message.text}\n    ${JSON.stringify(got.evidence)}`);
  }
}
