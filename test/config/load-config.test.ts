import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import { exampleSettings, memoryFiles, validEnv } from '../support/config-files.js';

const issuesOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('reads the shipped example with durations in milliseconds and times in minutes', () => {
    const config = loadConfig(validEnv(), memoryFiles({ 'config.yaml': exampleSettings() }));
    expect(config.settings.deadlines.acknowledge).toEqual({
      emergency: 300_000,
      urgent: 1_800_000,
      ordinary: 14_400_000,
    });
    expect(config.settings.quietHours).toEqual({ start: 21 * 60 + 30, end: 8 * 60 });
    expect(config.settings.departments.general.channel).toBe('C0FRONT001');
    expect(config.telegram).toEqual({
      token: validEnv().TELEGRAM_BOT_TOKEN,
      apiRoot: 'https://api.telegram.org',
    });
    expect(config.slack?.apiUrl).toBe('https://slack.com/api/');
    expect(config.port).toBe(3000);
    expect(config.missingCredentials).toEqual([]);
  });

  it('falls back to config.example.yaml on a fresh clone with no config.yaml', () => {
    const config = loadConfig(validEnv(), memoryFiles({ 'config.example.yaml': exampleSettings() }));
    expect(config.configFile).toBe('config.example.yaml');
  });

  it("hands over the classifier it compiled while validating, with the operator's terms and threshold", () => {
    const settings = exampleSettings() as Record<string, any>;
    settings.classifier = {
      lowConfidence: 0.99,
      lexicon: { en: { add: [{ term: 'koi pond', specialty: 'greening', weight: 3 }] } },
    };
    const config = loadConfig(validEnv(), memoryFiles({ 'config.yaml': settings }));
    const result = config.classifier!.classify('The koi pond by block 3 needs attention');
    expect(result.evidence.specialty).toContain('koi pond');
    expect(result).toMatchObject({ specialty: 'general', secondarySpecialty: 'greening' });
  });

  it('lists three mistakes in the settings file at once, each by its key', () => {
    const settings = exampleSettings() as Record<string, any>;
    settings.timeZone = 'Mars/Olympus';
    settings.departments.security.channel = 'security-team';
    settings.deadlines.acknowledge.urgent = '30';
    const issues = issuesOf(() => loadConfig(validEnv(), memoryFiles({ 'config.yaml': settings })));
    expect(issues.map((issue) => issue.key).sort()).toEqual([
      'deadlines.acknowledge.urgent',
      'departments.security.channel',
      'timeZone',
    ]);
    expect(issues.find((i) => i.key === 'deadlines.acknowledge.urgent')?.message).toMatch(
      /"30" is not a duration/,
    );
  });

  it('lists environment and settings problems together', () => {
    const settings = exampleSettings() as Record<string, any>;
    settings.colour = 'blue';
    const issues = issuesOf(() =>
      loadConfig(
        validEnv({
          PORT: 'eighty',
          SLACK_BOT_TOKEN: 'xoxp-user-token',
          TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/tg',
        }),
        memoryFiles({ 'config.yaml': settings }),
      ),
    );
    expect(issues.map((issue) => issue.key).sort()).toEqual([
      '(top level)',
      'PORT',
      'SLACK_BOT_TOKEN',
      'TELEGRAM_WEBHOOK_SECRET',
    ]);
    expect(issues.find((i) => i.key === '(top level)')?.message).toMatch(/colour/);
  });

  it('reports cross-field mistakes even when other fields are wrong too', () => {
    const settings = exampleSettings() as Record<string, any>;
    settings.timeZone = 'nowhere';
    settings.people.push({
      slackUserId: 'U0TECH0001',
      name: 'Twin',
      role: 'staff',
      departments: ['cleaning'],
    });
    settings.people.push({ slackUserId: 'U0NEWBIE01', name: 'No Dept', role: 'staff' });
    settings.departments.cleaning.onDuty = [
      { user: 'U0STRANGER', days: ['sun'], start: '20:00', end: '06:00' },
    ];
    const issues = issuesOf(() => loadConfig(validEnv(), memoryFiles({ 'config.yaml': settings })));
    expect(issues.map((issue) => issue.key).sort()).toEqual([
      'departments.cleaning.onDuty.0.user',
      'people.7.slackUserId',
      'people.8.departments',
      'timeZone',
    ]);
  });

  it('points at the line of a YAML syntax error', () => {
    const issues = issuesOf(() =>
      loadConfig(validEnv(), memoryFiles({ 'config.yaml': 'timeZone: UTC\ndepartments: [\n' })),
    );
    expect(issues[0]?.key).toMatch(/^config\.yaml:\d+:\d+$/);
  });

  it('says how to get a settings file when none exists', () => {
    const issues = issuesOf(() => loadConfig(validEnv({ CONFIG_FILE: 'prod.yaml' }), memoryFiles({})));
    expect(issues).toEqual([{ key: 'CONFIG_FILE', message: expect.stringMatching(/no file at prod\.yaml/) }]);
  });

  it('names missing credentials instead of failing, so the operator gets one clear message', () => {
    const config = loadConfig({}, memoryFiles({ 'config.yaml': exampleSettings() }));
    expect(config.missingCredentials).toEqual([
      'TELEGRAM_BOT_TOKEN',
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
    ]);
    expect(config.telegram).toBeUndefined();
    expect(config.slack).toBeUndefined();
  });

  it('turns on webhook mode when both the URL and the secret are set, and adds the slash Slack URLs need', () => {
    const config = loadConfig(
      validEnv({
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/telegram/webhook',
        TELEGRAM_WEBHOOK_SECRET: 'a-secret-of-enough-length',
        TELEGRAM_API_ROOT: 'http://127.0.0.1:9000',
        SLACK_API_URL: 'http://127.0.0.1:9001/api',
        PORT: '0',
      }),
      memoryFiles({ 'config.yaml': exampleSettings() }),
    );
    expect(config.telegram?.webhook).toEqual({
      url: 'https://bot.example.com/telegram/webhook',
      secret: 'a-secret-of-enough-length',
    });
    expect(config.telegram?.apiRoot).toBe('http://127.0.0.1:9000');
    expect(config.slack?.apiUrl).toBe('http://127.0.0.1:9001/api/');
    expect(config.port).toBe(0);
  });
});
