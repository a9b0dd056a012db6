import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Classifier, CreateClassifierOptions } from '../src/core/classifier/create-classifier.js';
import type { LexiconOverrides } from '../src/core/classifier/lexicon-overrides-schema.js';

type CreateClassifier = (overrides?: LexiconOverrides, options?: CreateClassifierOptions) => Classifier;

const compiledPath = 'dist/src/core/classifier/create-classifier.js';
const useCompiled = existsSync(compiledPath) && !process.argv.includes('--source');
const { createClassifier } = (await import(
  useCompiled ? pathToFileURL(compiledPath).href : '../src/core/classifier/create-classifier.js'
)) as { createClassifier: CreateClassifier };

const texts = readFileSync('test/fixtures/classifier/labelled-set.jsonl', 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { text: string }).text);

const compileStart = performance.now();
const classifier = createClassifier();
const compileMs = performance.now() - compileStart;

let sink = 0;
for (let i = 0; i < 100_000; i++) sink += classifier.classify(texts[i % texts.length]!).confidence.urgency;

const rounds = 5;
const perRound = 200_000;
const wallRates: number[] = [];
const cpuRates: number[] = [];
for (let round = 0; round < rounds; round++) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < perRound; i++)
    sink += classifier.classify(texts[(i * 7 + round) % texts.length]!).confidence.urgency;
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  wallRates.push(perRound / wall);
  cpuRates.push(perRound / ((used.user + used.system) / 1e6));
}
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const format = (value: number): string => Math.round(value).toLocaleString('en');

const samples = new Float64Array(200_000);
for (let i = 0; i < samples.length; i++) {
  const text = texts[i % texts.length]!;
  const t0 = process.hrtime.bigint();
  sink += classifier.classify(text).confidence.specialty;
  samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
}
samples.sort();
const percentile = (p: number): number =>
  samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;

function coldStart(): string {
  const classify = 'dist/src/core/classifier/classify.js';
  if (!existsSync(classify)) return 'n/a (run `npm run build` to measure the compiled classifier)';
  const script = `
const t0 = performance.now();
const { classify } = await import(${JSON.stringify(pathToFileURL(classify).href)});
const t1 = performance.now();
classify('the lift is stuck');
console.log((t1 - t0).toFixed(1), (performance.now() - t0).toFixed(1));`;
  const runs = Array.from({ length: 5 }, () => {
    const start = performance.now();
    const [importMs, totalMs] = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    })
      .trim()
      .split(' ')
      .map(Number) as [number, number];
    return { importMs, totalMs, processMs: performance.now() - start };
  }).sort((a, b) => a.totalMs - b.totalMs);
  const best = runs[0]!;
  const mid = runs[2]!;
  return (
    `${best.totalMs.toFixed(1)} ms best / ${mid.totalMs.toFixed(1)} ms median of 5 ` +
    `(import ${best.importMs.toFixed(1)} ms + lexicon compile and first message; whole node process ${best.processMs.toFixed(0)} ms)`
  );
}

console.log(
  `classifier:      ${useCompiled ? `compiled JS (${compiledPath})` : 'TypeScript source via tsx'}`,
);
console.log(
  `messages:        ${texts.length} distinct, ${rounds} rounds of ${perRound.toLocaleString('en')}`,
);
console.log(
  `throughput:      ${format(median(wallRates))} messages/s median (best ${format(Math.max(...wallRates))}), one core, in-process`,
);
console.log(
  `                 ${format(median(cpuRates))} messages per CPU-second median (best ${format(Math.max(...cpuRates))})`,
);
console.log(`latency:         p50 ${percentile(0.5).toFixed(2)} µs, p99 ${percentile(0.99).toFixed(2)} µs`);
console.log(`lexicon compile: ${compileMs.toFixed(1)} ms (createClassifier in this process)`);
console.log(`cold start:      ${coldStart()}`);
if (sink < 0) console.log(sink);
