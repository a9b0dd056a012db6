import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda, InMemoryNotificationChannel } from 'agenda';
import type { Connection } from 'mongoose';

/** The collection Agenda keeps jobs in. */
export const JOBS_COLLECTION = 'agendaJobs';

/** Defaults chosen so that a job due at T runs by T + 2 s (p95), see `bench/job-lateness.ts`. */
export const AGENDA_DEFAULTS = {
  /** How often each worker looks for due jobs (jobs due within the next interval are queued on time). */
  processEveryMs: 500,
  /** A job whose worker died is taken up again after this long. Jobs finish in well under a second. */
  lockLifetimeMs: 30_000,
};

export interface AgendaOptions {
  connection: Connection;
  name: string;
  processEveryMs?: number;
  lockLifetimeMs?: number;
}

/**
 * Agenda on the service's MongoDB connection. The in-memory notification channel wakes this process's worker at
 * once when it schedules a job due before its next scan; other processes find it at their next scan.
 */
export async function createAgenda(options: AgendaOptions): Promise<Agenda> {
  const db = options.connection.db;
  if (!db) throw new Error('the database connection is not open');
  const agenda = new Agenda({
    backend: new MongoBackend({ mongo: db, collection: JOBS_COLLECTION }),
    name: options.name,
    processEvery: options.processEveryMs ?? AGENDA_DEFAULTS.processEveryMs,
    defaultLockLifetime: options.lockLifetimeMs ?? AGENDA_DEFAULTS.lockLifetimeMs,
    notificationChannel: new InMemoryNotificationChannel(),
  });
  await agenda.ready;
  // Agenda's own upsert is a read-modify-write, not atomic on every MongoDB-wire server: this unique index is
  // what keeps one job per key.
  await db
    .collection(JOBS_COLLECTION)
    .createIndex({ 'data.jobKey': 1 }, { unique: true, name: 'jobKey_unique' });
  return agenda;
}
