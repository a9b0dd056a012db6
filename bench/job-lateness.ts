/**
 * Measures how late follow-up jobs run with the default Agenda settings (`create-agenda.ts`): schedules jobs at
 * known times from one Agenda (as another process would: no in-process wake-up) and runs them on another, then
 * prints run time − due time. Uses MONGODB_URI, or starts the embedded local server in a temporary folder.
 *   npm run bench:jobs [-- <jobs> <spreadSeconds>]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENDA_DEFAULTS, createAgenda } from '../src/jobs/follow-ups/create-agenda.js';
import { createLogger } from '../src/logger.js';
import { connectDatabase } from '../src/models/connect-database.js';
import { startLocalMongo } from '../src/models/local-server/start-local-mongo.js';

const count = Number(process.argv[2] ?? 60);
const spreadMs = Number(process.argv[3] ?? 15) * 1000;
const logger = createLogger('warn');

const local = process.env.MONGODB_URI
  ? undefined
  : await startLocalMongo({ dataDir: mkdtempSync(join(tmpdir(), 'concierge-bench-')), logger });
const uri = process.env.MONGODB_URI ?? `${local!.uri}/bench_jobs_${Date.now().toString(36)}`;
const connection = await connectDatabase(uri, { logger });
const scheduler = await createAgenda({ connection, name: 'bench-scheduler' });
const worker = await createAgenda({ connection, name: 'bench-worker' });
const lateness: number[] = [];
worker.define<{ jobKey: string; due: number }>('bench', async (job) => {
  lateness.push(Date.now() - job.attrs.data.due);
});
await worker.start();
const start = Date.now() + 1000;
for (let i = 0; i < count; i++) {
  const due = start + Math.round((i * spreadMs) / count);
  await scheduler
    .create('bench', { jobKey: `bench:${i}`, due })
    .schedule(new Date(due))
    .save();
}
while (lateness.length < count && Date.now() < start + spreadMs + 30_000)
  await new Promise((resolve) => setTimeout(resolve, 100));
await worker.drain({ timeout: 5000, closeConnection: false });
await connection.dropDatabase().catch(() => undefined);
await connection.close();
await local?.stop();

const sorted = [...lateness].sort((a, b) => a - b);
const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
console.log(
  `job lateness over ${sorted.length}/${count} jobs (processEvery ${AGENDA_DEFAULTS.processEveryMs} ms, ` +
    `${local ? local.kind : 'MONGODB_URI'}): p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${sorted.at(-1)} ms`,
);
process.exit(sorted.length === count && at(0.95) <= 2000 ? 0 : 1);
