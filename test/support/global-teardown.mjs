import { rmSync } from 'node:fs';

/** Stops the server that global setup started, and removes its data. */
export default async function globalTeardown() {
  const started = globalThis.__conciergeTestMongo;
  if (!started) return;
  await started.server.stop();
  rmSync(started.dataDir, { recursive: true, force: true });
}
