import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger.js';

/** A captured log line, parsed. */
export type LogLine = Record<string, unknown> & { level: number; msg: string };

/** A logger whose JSON lines are kept in memory for assertions instead of printed. */
export function captureLogs(level = 'debug'): { logger: Logger; lines: LogLine[]; messages(): string[] } {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { logger: createLogger(level, sink), lines, messages: () => lines.map((l) => l.msg) };
}
