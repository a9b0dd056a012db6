import { createReadStream } from 'node:fs';
import type { Classification } from '../core/classifier/classification.js';
import { classify } from '../core/classifier/classify.js';

/** Output is written in chunks of at most this many bytes. */
const OUT_BYTES = 1 << 16;
/** Input is read in chunks of this many bytes. */
const READ_BYTES = 1 << 18;
/** `{"text":"` and `"}` as bytes. */
const TEXT_PREFIX = Buffer.from('{"text":"');
const TEXT_SUFFIX = Buffer.from('"}');

/**
 * The text of a line of the canonical form `{"text":"..."}` whose string needs no unescaping (no `"`, `\` or
 * control characters), decoded straight from the input bytes (UTF-8 continuation bytes are never ASCII, so a
 * byte scan is exact); undefined for any other line, which JSON.parse then reads.
 */
function plainText(bytes: Buffer, start: number, end: number): string | undefined {
  const from = start + TEXT_PREFIX.length;
  const to = end - TEXT_SUFFIX.length;
  if (to < from) return undefined;
  for (let i = 0; i < TEXT_PREFIX.length; i++) if (bytes[start + i] !== TEXT_PREFIX[i]) return undefined;
  if (bytes[to] !== 34 || bytes[to + 1] !== 125) return undefined;
  for (let i = from; i < to; i++) {
    const byte = bytes[i]!;
    if (byte === 34 || byte === 92 || byte < 32) return undefined;
  }
  return bytes.toString('utf8', from, to);
}

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
  return serialise(classify(text));
}

/** A JSON string literal; strings that need no escaping skip JSON.stringify. */
function quote(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 34 || code === 92 || code < 32 || (code >= 0xd800 && code <= 0xdfff)) {
      return JSON.stringify(value);
    }
  }
  return `"${value}"`;
}

function quoteAll(values: readonly string[]): string {
  if (values.length === 0) return '[]';
  let out = `[${quote(values[0]!)}`;
  for (let i = 1; i < values.length; i++) out += `,${quote(values[i]!)}`;
  return `${out}]`;
}

/**
 * The classification as one line of JSON: byte for byte what `JSON.stringify` gives for
 * `{ specialty, secondarySpecialty, urgency, nature, confidence, evidence, language }`, built directly.
 */
function serialise(result: Classification): string {
  const { confidence, evidence } = result;
  const secondary =
    result.secondarySpecialty === undefined ? '' : `,"secondarySpecialty":"${result.secondarySpecialty}"`;
  return `{"specialty":"${result.specialty}"${secondary},"urgency":"${result.urgency}","nature":"${result.nature}","confidence":{"specialty":${number(confidence.specialty)},"urgency":${number(confidence.urgency)},"nature":${number(confidence.nature)}},"evidence":{"specialty":${quoteAll(evidence.specialty)},"urgency":${quoteAll(evidence.urgency)},"nature":${quoteAll(evidence.nature)}},"language":"${result.language}"}`;
}

/** A number as JSON writes it (finite numbers as `String` does, others as null). */
function number(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

/** Whether a line is empty or only whitespace; a line starting with printable ASCII is not. */
function isBlank(line: string): boolean {
  if (line.length === 0) return true;
  const first = line.charCodeAt(0);
  return !(first > 32 && first < 127) && line.trim() === '';
}

/**
 * Reads JSONL from stdin in large chunks, splits lines on the bytes (a newline byte never occurs inside a
 * UTF-8 sequence, so decoding line by line is the same as decoding the stream), and writes the results in
 * large batches.
 */
async function classifyStdin(): Promise<void> {
  const input = createReadStream('', { fd: 0, highWaterMark: READ_BYTES });
  let pending: Buffer | undefined;
  let lineNumber = 0;
  // Output lines are encoded straight into a buffer, written out when nearly full.
  let out = Buffer.allocUnsafe(OUT_BYTES);
  let used = 0;
  let blocked = false;
  const write = (): void => {
    if (used === 0) return;
    if (!process.stdout.write(out.subarray(0, used))) blocked = true;
    out = Buffer.allocUnsafe(OUT_BYTES);
    used = 0;
  };
  const emit = (line: string): void => {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8; the newline 1.
    if (used + 3 * line.length + 1 > OUT_BYTES) {
      write();
      if (3 * line.length + 1 > OUT_BYTES) {
        if (!process.stdout.write(`${line}\n`)) blocked = true;
        return;
      }
    }
    used += out.write(line, used, 'utf8');
    out[used++] = 10;
  };
  const drained = async (): Promise<void> => {
    if (!blocked) return;
    blocked = false;
    await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
  };
  const handle = (bytes: Buffer, start: number, end: number): void => {
    lineNumber++;
    if (end > start && bytes[end - 1] === 13) end--;
    const plain = plainText(bytes, start, end);
    if (plain !== undefined) emit(serialise(classify(plain)));
    else {
      const line = bytes.toString('utf8', start, end);
      if (!isBlank(line)) emit(classifyLine(line, lineNumber));
    }
  };
  let first = true;
  for await (const chunk of input) {
    let bytes = pending === undefined ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]);
    if (first) {
      first = false;
      // A UTF-8 byte order mark, which the text decoder drops.
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    let start = 0;
    for (let newline = bytes.indexOf(10); newline >= 0; newline = bytes.indexOf(10, start)) {
      handle(bytes, start, newline);
      start = newline + 1;
    }
    pending = start < bytes.length ? Buffer.from(bytes.subarray(start)) : undefined;
    await drained();
  }
  if (pending !== undefined) handle(pending, 0, pending.length);
  write();
  await drained();
}

const argument = process.argv.slice(2).join(' ');
if (argument.trim() !== '') {
  process.stdout.write(`${serialise(classify(argument))}\n`);
} else {
  await classifyStdin();
}
