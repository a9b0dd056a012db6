import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import mongoose from 'mongoose';
import { stringify } from 'yaml';
import { exampleSettings } from './support/config-files.js';
import { spawnService } from './support/spawn-service.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'concierge-main-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the service process', () => {
  it('refuses to start with a bad config file, listing all three mistakes by key, exit code 2', async () => {
    const settings = exampleSettings() as Record<string, any>;
    settings.timeZone = 'Atlantis/Capital';
    settings.supervisorsChannel = '#supervisors';
    settings.returnVisit.delay.ordinary = 'three days';
    const file = join(tempDir(), 'bad.yaml');
    writeFileSync(file, stringify(settings));
    const service = spawnService({ CONFIG_FILE: file });
    const { code } = await service.exited;
    expect(code).toBe(2);
    expect(service.stderr()).toMatch(/Configuration has 3 problems/);
    for (const key of ['timeZone', 'supervisorsChannel', 'returnVisit.delay.ordinary']) {
      expect(service.stderr()).toContain(`- ${key}: `);
    }
  });

  it('runs on an embedded database kept under DATA_DIR, exits 0 on SIGTERM, and finds its data after a restart', async () => {
    const dataDir = tempDir();
    const env = { DATA_DIR: dataDir, PORT: '0', CONFIG_FILE: 'config.example.yaml' };

    const first = spawnService(env);
    const firstLine = await first.waitForLog(() => true);
    expect(firstLine.msg).toMatch(/no MONGODB_URI: starting an embedded local database/);
    const started = await first.waitForLog((line) => line.msg === 'embedded database started');
    const { port } = await first.waitForLog((line) => line.msg === 'listening');
    expect(
      first.logs().some((line) => String(line.msg).includes('set TELEGRAM_BOT_TOKEN, SLACK_BOT_TOKEN')),
    ).toBe(true);

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const ready = (await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as any;
    expect(ready.checks.database).toEqual({ ok: true });

    const client = await mongoose.createConnection(String(started.uri)).asPromise();
    await client.collection('probe').insertOne({ note: 'written during the first run' });
    await client.close();

    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(first.logs().map((line) => line.msg)).toEqual(
      expect.arrayContaining(['database closed', 'stopped']),
    );

    const second = spawnService(env);
    const restarted = await second.waitForLog((line) => line.msg === 'embedded database started');
    await second.waitForLog((line) => line.msg === 'listening');
    const again = await mongoose.createConnection(String(restarted.uri)).asPromise();
    expect(await again.collection('probe').findOne({}, { projection: { _id: 0 } })).toEqual({
      note: 'written during the first run',
    });
    await again.close();
    second.child.kill('SIGINT');
    expect((await second.exited).code).toBe(0);
  }, 60_000);
});
