import type { Classifier } from '../core/classifier/create-classifier.js';
import type { Settings } from './settings-schema.js';

/** Everything the service needs to start, validated. */
export interface AppConfig {
  /** Unset: start an embedded local server with its data under `dataDir`. */
  mongodbUri?: string;
  /** Unset when `TELEGRAM_BOT_TOKEN` is missing. */
  telegram?: {
    token: string;
    apiRoot: string;
    /** Set for webhook mode; long polling otherwise. */
    webhook?: { url: string; secret: string };
  };
  /** Unset when `SLACK_BOT_TOKEN` or `SLACK_SIGNING_SECRET` is missing. */
  slack?: { botToken: string; signingSecret: string; apiUrl: string };
  /** Names of credential variables that are not set. */
  missingCredentials: string[];
  port: number;
  logLevel: string;
  dataDir: string;
  /** Run the follow-up jobs in this process (default); false when separate workers (`npm run worker`) run them. */
  runJobs?: boolean;
  configFile: string;
  settings: Settings;
  /** The classifier compiled from `settings` while validating them; compiled at start-up when absent. */
  classifier?: Classifier;
}
