/**
 * How fast the service answers Slack interactions (Slack wants a response within 3 s): starts a local
 * MongoDB-wire server (or uses MONGODB_URI), the service, and the platform fakes, files tickets, then clicks
 * Acknowledge, a second Acknowledge, and a refused Resolve on each, and prints p50/p95/max response times.
 * Run: npx tsx bench/slack-ack-latency.ts [tickets=20]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../src/logger.js';
import { startLocalMongo } from '../src/models/local-server/start-local-mongo.js';
import { click, reportAndWaitForCard } from '../test/support/slack-staff.js';
import { CHANNELS, PEOPLE, startTestService } from '../test/support/start-test-service.js';

const tickets = Number(process.argv[2] ?? 20);
const dataDir = mkdtempSync(join(tmpdir(), 'concierge-bench-'));
const local = process.env.MONGODB_URI
  ? undefined
  : await startLocalMongo({ dataDir, logger: createLogger('warn') });
process.env.CONCIERGE_TEST_MONGODB_URI = process.env.MONGODB_URI ?? local!.uri;

const t = await startTestService();
const timings: Record<string, number[]> = { acknowledge: [], 'second click': [], 'refused click': [] };
try {
  for (let i = 0; i < tickets; i++) {
    const owner = t.telegram.user({ id: 990_000_000 + i, first_name: `Bench${i}`, language_code: 'en' });
    const { card } = await reportAndWaitForCard(
      t,
      owner,
      `The corridor light on floor ${i} is broken`,
      CHANNELS.maintenance,
    );
    for (const [label, user] of [
      ['acknowledge', PEOPLE.plumber],
      ['second click', PEOPLE.electrician],
      ['refused click', PEOPLE.guard],
    ] as const) {
      const response = await click(t, { user, card, action: 'ticket.ack' });
      if (response.status !== 200) throw new Error(`${label}: HTTP ${response.status}`);
      timings[label]!.push(response.ms);
    }
  }
} finally {
  await t.stop();
  await local?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
console.log(
  `Slack interaction response times over ${tickets} tickets (${local ? local.kind : 'MONGODB_URI'}):`,
);
for (const [label, values] of Object.entries(timings)) {
  console.log(
    `  ${label.padEnd(14)} p50 ${pct(values, 50).toFixed(0)} ms  p95 ${pct(values, 95).toFixed(0)} ms  max ${Math.max(...values).toFixed(0)} ms`,
  );
}
