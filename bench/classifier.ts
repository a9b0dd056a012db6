/**
 * Classifier benchmark on varied texts: the labelled and holdout messages, each used as a seed for random
 * variations (typos, shouting, fillers, emoji, unit numbers, two messages joined), so that nearly every text
 * is different and no whole-message repetition helps. Word-level memoisation inside the classifier still
 * helps, as it would on real traffic.
 *
 *   npm run --silent bench:classifier               in-process throughput, latency, cold start
 *   npm run --silent bench:classifier -- --lines N  print N varied JSONL lines (for the CLI benchmark)
 *   --source                                        benchmark the TypeScript source instead of dist
 *   npm run --silent bench:classifier -- --fingerprint  sha256 of the results for the labelled set and 300k
 *                                                   varied texts: equal before and after a speed-only change
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Classifier, CreateClassifierOptions } from '../src/core/classifier/create-classifier.js';
import type { LexiconOverrides } from '../src/core/classifier/lexicon-overrides-schema.js';
import { seededRandom } from '../test/support/seeded-random.js';

type CreateClassifier = (overrides?: LexiconOverrides, options?: CreateClassifierOptions) => Classifier;

const SEED_FILES = [
  'test/fixtures/classifier/labelled-set.jsonl',
  'test/fixtures/classifier/holdout-set.jsonl',
];
const seeds = SEED_FILES.filter((file) => existsSync(file)).flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { text: string }).text),
);

const PREFIXES = [
  '',
  '',
  '',
  'hi, ',
  'Hello! ',
  'sorry to bother, ',
  'urgent: ',
  '您好，',
  '你好 ',
  'hey guys ',
];
const SUFFIXES = [
  '',
  '',
  '',
  ' thanks',
  ' please',
  ' asap',
  '!!',
  ' 🙏',
  ' 😡',
  ' 谢谢',
  '，麻烦了',
  ' no rush',
  ' again??',
  ' (block 3)',
];
const JOINERS = [' also ', '. And ', ' but ', '。另外，', '，还有'];

/** One random variation of a seed message. */
function vary(next: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  let text = pick(seeds);
  if (next() < 0.1) text += pick(JOINERS) + pick(seeds);
  const words = text.split(' ');
  const typos = next() < 0.5 ? 1 + Math.floor(next() * 2) : 0;
  for (let k = 0; k < typos; k++) {
    const index = Math.floor(next() * words.length);
    const word = words[index]!;
    if (word.length < 4) continue;
    const at = 1 + Math.floor(next() * (word.length - 2));
    const kind = next();
    words[index] =
      kind < 0.33
        ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2) // swap
        : kind < 0.66
          ? word.slice(0, at) + word.slice(at + 1) // drop
          : word.slice(0, at) + word[at] + word.slice(at); // double
  }
  text = words.join(' ').replace(/\d+/g, () => String(1 + Math.floor(next() * 2000)));
  if (next() < 0.05) text = text.toUpperCase();
  return pick(PREFIXES) + text + pick(SUFFIXES) + (next() < 0.3 ? ` #${Math.floor(next() * 100000)}` : '');
}

/** Varied texts, passed through JSON as messages arrive (flat strings rather than concatenations). */
function variedTexts(count: number, seed: number): string[] {
  const next = seededRandom(seed);
  return JSON.parse(JSON.stringify(Array.from({ length: count }, () => vary(next)))) as string[];
}

const linesArgument = process.argv.indexOf('--lines');
if (linesArgument >= 0) {
  const count = Number(process.argv[linesArgument + 1] ?? '200000');
  const texts = variedTexts(count, 7);
  let out = '';
  for (const text of texts) {
    out += `${JSON.stringify({ text })}\n`;
    if (out.length > 1 << 20) {
      process.stdout.write(out);
      out = '';
    }
  }
  process.stdout.write(out);
  process.exit(0);
}

const compiledPath = 'dist/src/core/classifier/create-classifier.js';
const useCompiled = existsSync(compiledPath) && !process.argv.includes('--source');
const { createClassifier } = (await import(
  useCompiled ? pathToFileURL(compiledPath).href : '../src/core/classifier/create-classifier.js'
)) as { createClassifier: CreateClassifier };

if (process.argv.includes('--fingerprint')) {
  const fingerprinter = createClassifier();
  const hash = createHash('sha256');
  const labelled = seeds.slice(0, readFileSync(SEED_FILES[0]!, 'utf8').trim().split('\n').length);
  for (const text of [...labelled, ...variedTexts(300_000, 7)]) {
    hash.update(`${JSON.stringify(fingerprinter.classify(text))}\n`);
  }
  console.log(hash.digest('hex'));
  process.exit(0);
}

const compileStart = performance.now();
const classifier = createClassifier();
const compileMs = performance.now() - compileStart;

const rounds = 7;
const perRound = 200_000;
const texts = variedTexts(perRound, 1);
const distinct = new Set(texts).size;
const warmTexts = variedTexts(100_000, 2);

let sink = 0;
for (const text of warmTexts) sink += classifier.classify(text).confidence.urgency;

const wallRates: number[] = [];
const cpuRates: number[] = [];
for (let round = 0; round < rounds; round++) {
  const offset = Math.floor((round * perRound) / rounds);
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < perRound; i++)
    sink += classifier.classify(texts[(i + offset) % perRound]!).confidence.urgency;
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  wallRates.push(perRound / wall);
  cpuRates.push(perRound / ((used.user + used.system) / 1e6));
}
const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const format = (value: number): string => Math.round(value).toLocaleString('en');

const samples = new Float64Array(perRound);
for (let i = 0; i < samples.length; i++) {
  const text = texts[i]!;
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
classify('the lift is stuck between floors, my son is inside');
console.log((t1 - t0).toFixed(1), (performance.now() - t0).toFixed(1));`;
  const runs = Array.from({ length: 9 }, () => {
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
  const mid = runs[Math.floor(runs.length / 2)]!;
  return (
    `${mid.totalMs.toFixed(1)} ms median / ${best.totalMs.toFixed(1)} ms best of ${runs.length} fresh processes, ` +
    `import to first result (median import ${mid.importMs.toFixed(1)} ms; whole node process ${mid.processMs.toFixed(0)} ms)`
  );
}

console.log(
  `classifier:      ${useCompiled ? `compiled JS (${compiledPath})` : 'TypeScript source via tsx'}`,
);
console.log(
  `messages:        ${perRound.toLocaleString('en')} varied texts (${distinct.toLocaleString('en')} distinct) from ${seeds.length} seeds; ${rounds} rounds`,
);
console.log(
  `throughput:      ${format(median(wallRates))} messages/s median (best ${format(Math.max(...wallRates))}), in-process`,
);
console.log(
  `                 ${format(median(cpuRates))} messages per CPU-second median (best ${format(Math.max(...cpuRates))})`,
);
console.log(`latency:         p50 ${percentile(0.5).toFixed(2)} µs, p99 ${percentile(0.99).toFixed(2)} µs`);
console.log(`lexicon compile: ${compileMs.toFixed(1)} ms (createClassifier in this process, after import)`);
console.log(`cold start:      ${coldStart()}`);
if (sink < 0) console.log(sink);
