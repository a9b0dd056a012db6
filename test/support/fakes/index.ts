export * from './fake-slack.js';
export * from './fake-telegram.js';
export type { DownMode, WaitOptions } from './http-kit.js';
export { UploadedFile } from './http-kit.js';
export * from './slack-requests.js';
export { SlackApiError } from './slack-validation.js';
export * from './telegram-builders.js';
export * from './telegram-types.js';
