import { eventually } from '../../support/eventually.js';
import type { SlackMessage } from '../../support/fakes/fake-slack.js';
import { click, reportAndWaitForCard, submitModal } from '../../support/slack-staff.js';
import { CHANNELS, PEOPLE, spanAwayFromNow, type TestService } from '../../support/start-test-service.js';

/** An owner reports `text`; returns the owner, the ticket number and its card. */
export async function report(t: TestService, text: string, channel: string = CHANNELS.maintenance) {
  const owner = t.telegram.user({ first_name: 'Ada', language_code: 'en' });
  return { owner, ...(await reportAndWaitForCard(t, owner, text, channel)) };
}

export const acknowledge = (t: TestService, card: SlackMessage, user: string = PEOPLE.plumber) =>
  click(t, { user, card, action: 'ticket.ack' });

export const resolve = (t: TestService, card: SlackMessage, note: string, user: string = PEOPLE.plumber) =>
  submitModal(t, { user, card, action: 'ticket.resolve', block: 'ticket.resolve.note', text: note });

/** Successful chat.postMessage calls whose text matches. */
export const postsMatching = (t: TestService, pattern: RegExp) =>
  t.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.response.ok && pattern.test(String(c.params.text ?? '')));

/** Waits until `predicate` holds (polling every 100 ms). */
export const until = (predicate: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'condition') =>
  eventually(predicate, timeoutMs, 100, what);

/** Business hours that are closed now: one minute, twelve hours from now (Asia/Shanghai). */
export function closedNow(): { days: string[]; start: string; end: string }[] {
  return [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], ...spanAwayFromNow('Asia/Shanghai') }];
}

/** The stored ticket document with `number`. */
export const storedTicket = (t: TestService, number: string) =>
  t.service.connection.collection('tickets').findOne({ number });
