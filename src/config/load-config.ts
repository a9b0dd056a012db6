import { existsSync, readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { LexiconError } from '../core/classifier/lexicon-error.js';
import type { AppConfig } from './app-config.js';
import { classifierFromSettings } from './classifier-from-settings.js';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { envSchema } from './env-schema.js';
import { settingsSchema } from './settings-schema.js';

/** File access for {@link loadConfig}; tests pass their own. */
export interface ConfigFiles {
  exists(path: string): boolean;
  read(path: string): string;
}

const diskFiles: ConfigFiles = { exists: existsSync, read: (path) => readFileSync(path, 'utf8') };

/** Used on a fresh clone when neither `CONFIG_FILE` nor `./config.yaml` exists. */
export const EXAMPLE_CONFIG_FILE = 'config.example.yaml';

const issuesOf = (error: z.ZodError, prefix = ''): ConfigIssue[] =>
  error.issues.map((issue) => ({
    key: prefix + (issue.path.length > 0 ? issue.path.join('.') : '(top level)'),
    message: issue.message,
  }));

/**
 * Reads and validates the whole configuration: environment variables and the YAML settings file.
 * @throws ConfigError listing every problem, each by its key.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  files: ConfigFiles = diskFiles,
): AppConfig {
  const issues: ConfigIssue[] = [];
  const parsedEnv = envSchema.safeParse(env);
  if (!parsedEnv.success) issues.push(...issuesOf(parsedEnv.error));

  const configFile =
    env.CONFIG_FILE ||
    (files.exists('config.yaml') || !files.exists(EXAMPLE_CONFIG_FILE) ? 'config.yaml' : EXAMPLE_CONFIG_FILE);
  const read = readSettings(configFile, files, issues);

  if (!parsedEnv.success || !read || issues.length > 0) throw new ConfigError(issues, configFile);
  const { settings, classifier } = read;
  const e = parsedEnv.data;

  const missingCredentials = (
    ['TELEGRAM_BOT_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'] as const
  ).filter((name) => !e[name]);
  return {
    ...(e.MONGODB_URI ? { mongodbUri: e.MONGODB_URI } : {}),
    ...(e.TELEGRAM_BOT_TOKEN
      ? {
          telegram: {
            token: e.TELEGRAM_BOT_TOKEN,
            apiRoot: e.TELEGRAM_API_ROOT,
            ...(e.TELEGRAM_WEBHOOK_URL && e.TELEGRAM_WEBHOOK_SECRET
              ? { webhook: { url: e.TELEGRAM_WEBHOOK_URL, secret: e.TELEGRAM_WEBHOOK_SECRET } }
              : {}),
          },
        }
      : {}),
    ...(e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET
      ? {
          slack: {
            botToken: e.SLACK_BOT_TOKEN,
            signingSecret: e.SLACK_SIGNING_SECRET,
            apiUrl: e.SLACK_API_URL,
          },
        }
      : {}),
    missingCredentials,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    runJobs: e.RUN_JOBS,
    configFile,
    settings,
    classifier,
  };
}

function readSettings(configFile: string, files: ConfigFiles, issues: ConfigIssue[]) {
  if (!files.exists(configFile)) {
    issues.push({
      key: 'CONFIG_FILE',
      message: `no file at ${configFile}; copy ${EXAMPLE_CONFIG_FILE} to config.yaml and edit it, or set CONFIG_FILE`,
    });
    return undefined;
  }
  const document = parseDocument(files.read(configFile), { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const line = error.linePos?.[0];
      issues.push({
        key: `${configFile}${line ? `:${line.line}:${line.col}` : ''}`,
        message: error.message.split('\n')[0] ?? error.message,
      });
    }
    return undefined;
  }
  const parsed = settingsSchema.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    issues.push(...issuesOf(parsed.error));
    return undefined;
  }
  try {
    return { settings: parsed.data, classifier: classifierFromSettings(parsed.data) };
  } catch (error) {
    if (!(error instanceof LexiconError)) throw error;
    issues.push({ key: 'classifier.lexicon', message: error.message });
    return undefined;
  }
}
