import type { DigestStats } from '../../schedule/digest-stats.js';
import type { EscalationStep } from '../../schedule/escalation-plan.js';
import { SPECIALTIES, URGENCIES } from '../../taxonomy.js';
import type { Owner } from '../../tickets/owner.js';
import type { Ticket } from '../../tickets/ticket.js';
import { escapeMrkdwn } from './escape-mrkdwn.js';
import { staffLabels } from './staff-labels.js';

/** "12 min", "2 h 5 min", "3 d 4 h": how long, for staff. */
export function formatSpan(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** Where the owner lives, for staff: "building 3, unit 1201", or a note that the file lacks it. */
export function ownerPlace(owner: Owner | undefined): string {
  const parts = [
    owner?.building ? `building ${escapeMrkdwn(owner.building)}` : undefined,
    owner?.unit ? `unit ${escapeMrkdwn(owner.unit)}` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'unit not on file';
}

const mentions = (users: readonly string[]) =>
  users.length > 0 ? users.map((u) => `<@${u}>`).join(' ') : '(nobody configured at this level)';

/** A Slack link to a card, by channel and ts. */
export const cardLink = (card: { channel: string; ts: string } | undefined, label: string): string =>
  card ? `<https://slack.com/archives/${card.channel}/p${card.ts.replace('.', '')}|${label}>` : label;

const missed = (step: Pick<EscalationStep, 'purpose'>) =>
  step.purpose === 'ack' ? 'not acknowledged' : 'not resolved';

/** The escalation ping in the supervisors' channel. */
export function escalationChannelText(input: {
  ticket: Ticket;
  owner: Owner | undefined;
  step: EscalationStep;
  lateMs: number;
  recipients: readonly string[];
  card?: { channel: string; ts: string };
}): string {
  const { ticket, step } = input;
  const again = step.repeat > 0 ? ' (reminder)' : '';
  const level = step.level === 1 ? 'supervisors' : 'managers';
  return (
    `${staffLabels.urgencyIcon[ticket.urgency]} :alarm_clock: *${cardLink(input.card, ticket.number)}* ` +
    `${missed(step)}${again}: ${formatSpan(input.lateMs)} late. ` +
    `${staffLabels.specialty[ticket.specialty]}, ${staffLabels.urgency[ticket.urgency].toLowerCase()}, ` +
    `owner in ${ownerPlace(input.owner)}. ${level === 'supervisors' ? 'Supervisors' : 'Managers'}: ${mentions(input.recipients)}`
  );
}

/** The same ping noted in the ticket's thread. */
export function escalationThreadText(input: {
  step: EscalationStep;
  lateMs: number;
  recipients: readonly string[];
}): string {
  const level = input.step.level === 1 ? 'supervisors' : 'managers';
  return `:alarm_clock: ${missed(input.step)} ${formatSpan(input.lateMs)} after the deadline: ${level} pinged ${mentions(input.recipients)}.`;
}

/** The DM that pages someone on duty. */
export function onDutyPageText(input: {
  ticket: Ticket;
  owner: Owner | undefined;
  card?: { channel: string; ts: string };
}): string {
  const { ticket } = input;
  return (
    `${staffLabels.urgencyIcon[ticket.urgency]} :pager: You are on duty: *${cardLink(input.card, ticket.number)}* ` +
    `(${staffLabels.specialty[ticket.specialty]}, ${staffLabels.urgency[ticket.urgency].toLowerCase()}) is waiting, ` +
    `owner in ${ownerPlace(input.owner)}. Please acknowledge it on its card.`
  );
}

/** Thread note: who was paged. */
export const onDutyThreadText = (users: readonly string[]) =>
  users.length > 0
    ? `:pager: Outside business hours: paged on-duty ${mentions(users)}.`
    : ':pager: Outside business hours, and nobody is on the roster for now.';

/** Thread notes of the return visit. */
export const returnVisitTexts = {
  asked: () =>
    ':telephone_receiver: Return visit: the owner was asked whether it is solved and how satisfied they are.',
  askedExplanation: () =>
    ':telephone_receiver: Follow-up: the owner was asked whether the explanation was clear.',
  rated: (score: number) => `:star: Owner rated the work ${score}/5. Ticket closed.`,
  ratedExplanation: (score: number) => `:star: Owner rated the explanation ${score}/5. Ticket closed.`,
  reopened: (answer: number | 'not-fixed') =>
    answer === 'not-fixed'
      ? ':repeat: Owner says it is *not fixed*: ticket reopened.'
      : `:repeat: Owner rated the work ${answer}/5: ticket reopened.`,
  comment: (comment: string) =>
    `:speech_balloon: Owner's comment on the return visit: ${escapeMrkdwn(comment)}`,
  closedUnanswered: () => 'No answer to the return visit: ticket closed.',
};

/** Supervisors' notice when a return visit reopens a ticket or finds an explanation unclear. */
export function returnVisitSupervisorText(input: {
  ticket: Ticket;
  answer: number | 'not-fixed';
  kind: 'resolution' | 'explanation';
  card?: { channel: string; ts: string };
}): string {
  const { ticket } = input;
  const what =
    input.kind === 'explanation'
      ? `owner found the cannot-resolve explanation unclear (${input.answer}/5); please get in touch`
      : input.answer === 'not-fixed'
        ? 'owner says it is not fixed; reopened'
        : `owner rated the work ${input.answer}/5; reopened`;
  return `:repeat: *${cardLink(input.card, ticket.number)}* (${staffLabels.specialty[ticket.specialty]}, ${staffLabels.urgency[ticket.urgency].toLowerCase()}): ${what}.`;
}

/** Notice in the thread that a job kept failing. */
export const jobFailedText = (job: string, error: string) =>
  `:warning: The follow-up "${job}" failed after its last retry: ${escapeMrkdwn(error.slice(0, 300))}`;

/** The supervisors' morning digest. */
export function digestText(
  stats: DigestStats,
  cards: ReadonlyMap<string, { channel: string; ts: string }>,
): string {
  const lines = ['*:sunrise: Morning digest* (last 24 h)'];
  for (const specialty of SPECIALTIES) {
    const cell = (table: DigestStats['created']) => URGENCIES.map((u) => table[specialty][u]);
    const created = cell(stats.created);
    const open = cell(stats.open);
    const overdue = cell(stats.overdue);
    if ([...created, ...open, ...overdue].every((n) => n === 0)) continue;
    const fmt = (values: number[]) => `${values.reduce((a, b) => a + b, 0)} (${values.join('/')})`;
    lines.push(
      `• *${staffLabels.specialty[specialty]}*: new ${fmt(created)} · open ${fmt(open)} · overdue ${fmt(overdue)}`,
    );
  }
  if (lines.length === 1) lines.push('• No new or open tickets.');
  lines.push('_Counts are total (emergency/urgent/ordinary)._');
  lines.push(
    `Median time to acknowledge: ${stats.medianAcknowledgeMs !== undefined ? formatSpan(stats.medianAcknowledgeMs) : '–'} · ` +
      `to resolve: ${stats.medianResolveMs !== undefined ? formatSpan(stats.medianResolveMs) : '–'}`,
  );
  lines.push(
    `Reopened: ${stats.reopened} · Satisfaction: ${
      stats.averageSatisfaction !== undefined
        ? `${stats.averageSatisfaction.toFixed(1)}/5 (${stats.ratings} rating${stats.ratings === 1 ? '' : 's'})`
        : '–'
    }`,
  );
  if (stats.overdueList.length > 0) {
    lines.push('*Overdue:*');
    for (const item of stats.overdueList.slice(0, 30)) {
      lines.push(
        `• ${staffLabels.urgencyIcon[item.ticket.urgency]} ${cardLink(cards.get(item.ticket.id), item.ticket.number)} ` +
          `${staffLabels.specialty[item.ticket.specialty]}: ${item.deadline === 'acknowledge' ? 'acknowledgement' : 'resolution'} ` +
          `${formatSpan(item.lateMs)} late`,
      );
    }
    if (stats.overdueList.length > 30) lines.push(`…and ${stats.overdueList.length - 30} more.`);
  }
  return lines.join('\n');
}
