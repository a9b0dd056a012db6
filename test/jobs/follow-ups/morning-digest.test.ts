import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Job } from 'agenda';
import { Types } from 'mongoose';
import { settingsSchema } from '../../../src/config/settings-schema.js';
import { transition } from '../../../src/core/tickets/transition.js';
import { type DigestData, nextDigest, run } from '../../../src/jobs/follow-ups/morning-digest.job.js';
import type { PlannedJob } from '../../../src/jobs/follow-ups/schedule-ticket-jobs.js';
import { MongoCardStore } from '../../../src/models/mongo-card-store.js';
import { MongoOwnerStore } from '../../../src/models/mongo-owner-store.js';
import { MongoTicketStore } from '../../../src/models/mongo-ticket-store.js';
import { captureLogs } from '../../support/capture-logs.js';
import { exampleSettings } from '../../support/config-files.js';
import { RecordingOutbox } from '../../support/recording-outbox.js';
import { openTestDatabase } from '../../support/test-database.js';
import { buildTicket } from '../../support/ticket-builder.js';

// 08:00 in Asia/Shanghai on 3 December 2026, the digest time of this test.
const NOW = new Date('2026-12-03T00:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

describe('the morning digest job', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let outbox: RecordingOutbox;
  const planned: PlannedJob[] = [];
  let deps: Parameters<typeof run>[0];

  beforeAll(async () => {
    db = await openTestDatabase();
    outbox = new RecordingOutbox();
    const logger = captureLogs().logger;
    const tickets = new MongoTicketStore(db.connection, outbox, logger);
    const cards = new MongoCardStore(db.connection, () => NOW);
    const raw = exampleSettings() as Record<string, any>;
    raw.digest.time = '08:00';
    const settings = settingsSchema.parse(raw);
    deps = {
      tickets,
      owners: new MongoOwnerStore(db.connection),
      cards,
      outbox,
      clock: { now: () => NOW },
      settings,
      scheduler: { ensure: async (job: PlannedJob) => void planned.push(job) } as never,
      logger,
    };
    const draft = (messageId: number, overrides: Parameters<typeof buildTicket>[0]) => {
      const {
        id: _i,
        number: _n,
        version: _v,
        updatedAt: _u,
        ...rest
      } = buildTicket({
        ownerId: String(new Types.ObjectId()),
        source: { chatId: 7001, messageId },
        messageIds: [messageId],
        ...overrides,
      });
      return rest;
    };
    // An urgent maintenance ticket 3 hours old, never acknowledged: overdue by 2.5 hours.
    const overdue = await tickets.create(
      draft(1, {
        createdAt: minutesAgo(180),
        deadlines: { acknowledgeBy: minutesAgo(150), resolveBy: minutesAgo(-300) },
      }),
      () => [],
    );
    await cards.record({
      ticketId: overdue.ticket.id,
      department: 'maintenance',
      channel: 'C0MAINT001',
      ts: '1796256000.000100',
      postedAt: minutesAgo(179),
    });
    // An ordinary cleaning ticket acknowledged after 20 minutes and resolved after 60.
    const done = await tickets.create(
      draft(2, {
        specialty: 'cleaning',
        urgency: 'ordinary',
        createdAt: minutesAgo(120),
        deadlines: { acknowledgeBy: minutesAgo(-120), resolveBy: minutesAgo(-3000) },
      }),
      () => [],
    );
    const acknowledged = transition(done.ticket, 'acknowledge', { by: 'U0CLEAN001', at: minutesAgo(100) });
    if (!acknowledged.ok) throw new Error(acknowledged.message);
    const saved = await tickets.save(acknowledged.ticket, []);
    if (!saved.saved) throw new Error('save lost');
    const resolved = transition(saved.ticket, 'resolve', {
      by: 'U0CLEAN001',
      at: minutesAgo(60),
      note: 'Swept',
    });
    if (!resolved.ok) throw new Error(resolved.message);
    await tickets.save(resolved.ticket, []);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('posts the counts, the medians and the overdue list with a link to the card, once per day', async () => {
    const job = { attrs: { data: { jobKey: 'digest:2026-12-03', day: '2026-12-03' } } } as Job<DigestData>;
    await run(deps, job);
    await run(deps, job);
    const digests = outbox.messages.filter((m) => m.key === 'digest:2026-12-03');
    expect(digests).toHaveLength(1);
    const digest = digests[0]!;
    expect(digest).toMatchObject({ kind: 'slack.message', channel: 'C0SUPER001' });
    const text = (digest as { text: string }).text;
    expect(text).toMatch(/Maintenance\*: new 1 \(0\/1\/0\) · open 1 \(0\/1\/0\) · overdue 1 \(0\/1\/0\)/);
    expect(text).toMatch(/Cleaning\*: new 1 \(0\/0\/1\) · open 0/);
    expect(text).toMatch(/Median time to acknowledge: 20 ?min/);
    expect(text).toContain('<https://slack.com/archives/C0MAINT001/p1796256000000100|M-');
    expect(text).toMatch(/2 ?h 30 ?min late|2\.5 ?h late|150 ?min late/);
  });

  it('plans the next day’s digest under the next day’s key', () => {
    expect(planned.at(-1)?.data).toMatchObject({ jobKey: 'digest:2026-12-04' });
    expect(nextDigest(deps, NOW).data).toMatchObject({
      jobKey: expect.stringMatching(/^digest:2026-12-0[34]$/),
    });
  });
});
