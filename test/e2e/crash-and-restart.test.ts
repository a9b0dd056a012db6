import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeSlack } from '../support/fakes/fake-slack.js';
import { FakeTelegram, type SimulatedTelegramUser } from '../support/fakes/fake-telegram.js';
import { type ServiceProcess, spawnService } from '../support/spawn-service.js';
import {
  CHANNELS,
  PEOPLE,
  SIGNING_SECRET,
  SLACK_TOKEN,
  TELEGRAM_TOKEN,
} from '../support/start-test-service.js';
import { testDatabaseUri, uniqueDatabaseName } from '../support/test-database.js';

const BURST = 16;

describe('the service killed mid-burst', () => {
  let telegram: FakeTelegram;
  let slack: FakeSlack;
  let env: Record<string, string>;
  const running: ServiceProcess[] = [];

  beforeAll(async () => {
    telegram = await FakeTelegram.start({ token: TELEGRAM_TOKEN });
    slack = await FakeSlack.start({ botToken: SLACK_TOKEN, botUserId: 'U0CONCIERGE', botId: 'B0CONCIERGE' });
    for (const [name, id] of Object.entries(CHANNELS)) slack.addChannel(id, name);
    for (const [name, id] of Object.entries(PEOPLE)) slack.addUser({ id, name, real_name: name });
    env = {
      MONGODB_URI: testDatabaseUri(uniqueDatabaseName('crash')),
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      CONFIG_FILE: 'config.example.yaml',
      PORT: '0',
      LOG_LEVEL: 'info',
    };
  });
  afterAll(async () => {
    for (const service of running) if (service.child.exitCode === null) service.child.kill('SIGKILL');
    await telegram.close();
    await slack.close();
  });

  it('loses no owner message and posts no card twice after a restart', async () => {
    const first = spawnService(env);
    running.push(first);
    await first.waitForLog((line) => line.msg === 'polling Telegram', 30_000);

    const owners: SimulatedTelegramUser[] = Array.from({ length: BURST }, (_, i) =>
      telegram.user({
        id: 920_000_001 + i,
        first_name: `Owner${i}`,
        language_code: i % 2 ? 'zh-hans' : 'en',
      }),
    );
    const reports = [
      (i: number) => `The lift in block ${i} is stuck between floors`,
      (i: number) => `${i}号楼门口有人乱涂乱画，墙上全是涂鸦`,
      (i: number) => `The hedge along path ${i} is overgrown and blocks the way`,
      (i: number) => `有个陌生人在${i}号楼车库里转来转去，很可疑`,
      (i: number) => `Question about my management fee invoice number ${i}`,
    ];
    for (const [i, owner] of owners.entries()) owner.sendText(reports[i % reports.length]!(i));
    await slack.waitFor(() => slack.posts().filter((m) => m.text.startsWith('🧵')).length >= 3, {
      timeoutMs: 30_000,
    });
    first.child.kill('SIGKILL');
    await first.exited;
    const sentBeforeCrash = slack.posts().filter((m) => m.text.startsWith('🧵')).length;
    expect(sentBeforeCrash).toBeLessThan(BURST);

    const second = spawnService(env);
    running.push(second);
    // About 50 posts at Slack's per-channel pace through FerretDB: tens of seconds, more on a loaded machine.
    await slack.waitFor(() => slack.posts().filter((m) => m.text.startsWith('🧵')).length >= BURST, {
      timeoutMs: 120_000,
    });
    for (const owner of owners) await owner.waitForMessage(/[A-Z]-\d+/, { timeoutMs: 30_000 });

    const departments = new Set<string>(Object.values(CHANNELS));
    const cards = slack
      .posts()
      .filter((m) => departments.has(m.channel) && (!m.thread_ts || m.thread_ts === m.ts));
    const numbers = cards.map((card) => /([A-Z]-\d+)/.exec(card.text)?.[1]);
    expect(new Set(numbers).size).toBe(BURST);
    expect(cards).toHaveLength(BURST);
    for (const card of cards) {
      expect(slack.threadOf(card.channel, card.ts).filter((m) => m.text.startsWith('🧵'))).toHaveLength(1);
    }
    const receipts = owners.flatMap((owner) => owner.received().filter((text) => /[A-Z]-\d+/.test(text)));
    // Telegram cannot be asked whether a message arrived: the one send in flight when the process died may be
    // repeated, nothing else.
    expect(receipts.length).toBeGreaterThanOrEqual(BURST);
    expect(receipts.length).toBeLessThanOrEqual(BURST + 1);
    for (const owner of owners) {
      const own = owner.received().filter((text) => /[A-Z]-\d+/.test(text));
      expect(new Set(own).size).toBe(1);
    }
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    // The sixteen outbox workers wait on the rate limiter at once, each listening to the stop signal.
    expect(second.stderr()).not.toContain('MaxListenersExceededWarning');
  }, 240_000);
});
