import type { Classification } from '../core/classifier/classification.js';
import { classify } from '../core/classifier/classify.js';

const BATCH_BYTES = 1 << 16;

/** One output line for one input line: the classification, or an error naming the line. */
function classifyLine(line: string, lineNumber: number): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return JSON.stringify({ error: `line ${lineNumber}: not JSON` });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return JSON.stringify({ error: `line ${lineNumber}: not a JSON object` });
  }
  const text = (parsed as { text?: unknown }).text;
  if (typeof text !== 'string') {
    return JSON.stringify({ error: `line ${lineNumber}: "text" is missing or not a string` });
  }
  return JSON.stringify(output(classify(text)));
}

function output(classification: Classification) {
  const { specialty, secondarySpecialty, urgency, nature, confidence, evidence, language } = classification;
  return { specialty, secondarySpecialty, urgency, nature, confidence, evidence, language };
}

async function classifyStdin(): Promise<void> {
  const decoder = new TextDecoder();
  let pending = '';
  let lineNumber = 0;
  let out = '';
  const flush = async (): Promise<void> => {
    if (out === '') return;
    const chunk = out;
    out = '';
    if (!process.stdout.write(chunk)) {
      await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
    }
  };
  const handle = (line: string): void => {
    lineNumber++;
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (trimmed.trim() === '') return;
    out += `${classifyLine(trimmed, lineNumber)}\n`;
  };
  for await (const chunk of process.stdin) {
    pending += decoder.decode(chunk as Uint8Array, { stream: true });
    let start = 0;
    for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n', start)) {
      handle(pending.slice(start, newline));
      start = newline + 1;
      if (out.length >= BATCH_BYTES) await flush();
    }
    pending = pending.slice(start);
  }
  pending += decoder.decode();
  if (pending !== '') handle(pending);
  await flush();
}

const argument = process.argv.slice(2).join(' ');
if (argument.trim() !== '') {
  process.stdout.write(`${JSON.stringify(output(classify(argument)))}\n`);
} else {
  await classifyStdin();
}
