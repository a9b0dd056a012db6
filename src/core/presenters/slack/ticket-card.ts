import { SPECIALTIES, type Specialty, URGENCIES } from '../../taxonomy.js';
import { missingOwnerFields, type Owner, type OwnerField } from '../../tickets/owner.js';
import type { Ticket, TicketStatus } from '../../tickets/ticket.js';
import { actionsBlockId, TICKET_ACTIONS } from './action-ids.js';
import { actorMention } from './actor-mention.js';
import { attachmentSummary } from './attachment-summary.js';
import { type Block, mrkdwn, plainText } from './block-kit.js';
import { escapeMrkdwn } from './escape-mrkdwn.js';
import { escapedExcerpt } from './escaped-excerpt.js';
import { slackDate } from './slack-date.js';
import { staffLabels } from './staff-labels.js';

/** What a ticket card shows. */
export interface TicketCardInput {
  ticket: Ticket;
  /** The owner's file as it is now; `undefined` when it cannot be found. */
  owner: Owner | undefined;
  now: Date;
  /** The estate's zone, for the fallbacks of Slack date tokens. */
  timeZone: string;
  /** A person's name from the settings, for the plain-text fallback. */
  staffName(userId: string): string | undefined;
  /** Set on a card whose ticket was reassigned to another department's channel. */
  movedTo?: { department: Specialty; permalink?: string };
}

/** A Slack message: blocks and the plain fallback used in notifications. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

const MESSAGE_EXCERPT = 2400;
const MESSAGE_LINES = 40;
const FALLBACK_EXCERPT = 200;
const EVIDENCE_WORDS = 8;
const EVIDENCE_WORD_LENGTH = 40;

/** Whether the card cuts `text` short, so the full text should be posted in the ticket thread. */
export const cardTruncatesMessage = (text: string): boolean => quotedMessage(text).truncated;

function quotedMessage(text: string): { text: string; truncated: boolean } {
  if (!text.trim()) return { text: '_(no text)_', truncated: false };
  const excerpt = escapedExcerpt(text, MESSAGE_EXCERPT);
  const lines = excerpt.text.split('\n');
  const truncated = excerpt.truncated || lines.length > MESSAGE_LINES;
  const shown = lines.slice(0, MESSAGE_LINES).map((line) => `>${line}`);
  if (lines.length > MESSAGE_LINES) shown.push('>…');
  return { text: shown.join('\n'), truncated };
}

const percent = (confidence: number): string => `${Math.round(confidence * 100)}%`;

const evidence = (words: readonly string[]): string =>
  words.length === 0
    ? '—'
    : words
        .slice(0, EVIDENCE_WORDS)
        .map((word) => `“${escapedExcerpt(word, EVIDENCE_WORD_LENGTH).text}”`)
        .join(', ') + (words.length > EVIDENCE_WORDS ? ', …' : '');

function ownerLines(owner: Owner | undefined): { text: string; plain: string } {
  if (!owner) {
    return { text: '👤 _Owner file not found_', plain: 'unknown owner' };
  }
  const name = owner.name
    ? `*${escapeMrkdwn(owner.name)}*`
    : `*${escapeMrkdwn(owner.telegramName)}* _(Telegram name)_`;
  const username = owner.username ? ` (@${escapeMrkdwn(owner.username)})` : '';
  const place = [
    owner.building ? `Building ${escapeMrkdwn(owner.building)}` : undefined,
    owner.unit ? `unit ${escapeMrkdwn(owner.unit)}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const phone = owner.phone ? `☎ ${escapeMrkdwn(owner.phone)}` : undefined;
  const first = [`👤 ${name}${username}`, place || undefined, phone].filter(Boolean).join(' · ');
  const missing: OwnerField[] = missingOwnerFields(owner);
  const lines = [first];
  if (missing.length > 0) {
    lines.push(`⚠️ Owner file incomplete: no ${missing.map((f) => staffLabels.ownerField[f]).join(', ')}`);
  }
  const plainPlace = [
    owner.building ? `Building ${owner.building}` : undefined,
    owner.unit ? `unit ${owner.unit}` : undefined,
  ];
  const plain = escapeMrkdwn([owner.name ?? owner.telegramName, ...plainPlace].filter(Boolean).join(', '));
  return { text: lines.join('\n'), plain };
}

function classificationText(ticket: Ticket): string {
  const c = ticket.classification;
  const decided = [
    `${staffLabels.specialty[c.specialty]} ${percent(c.confidence.specialty)}`,
    `${staffLabels.urgency[c.urgency]} ${percent(c.confidence.urgency)}`,
    `${staffLabels.nature[c.nature]} ${percent(c.confidence.nature)}`,
  ].join(' · ');
  const also = c.secondarySpecialty ? ` · also concerns ${staffLabels.specialty[c.secondarySpecialty]}` : '';
  const current =
    ticket.specialty !== c.specialty || ticket.urgency !== c.urgency || ticket.nature !== c.nature
      ? `\n*Now:* ${staffLabels.specialty[ticket.specialty]} · ${staffLabels.urgency[ticket.urgency]} · ${staffLabels.nature[ticket.nature]}`
      : '';
  return (
    `*Classified:* ${decided}${also}${current}\n` +
    `*Evidence:* specialty ${evidence(c.evidence.specialty)}; urgency ${evidence(c.evidence.urgency)}; ` +
    `nature ${evidence(c.evidence.nature)}`
  );
}

const WAITING: readonly TicketStatus[] = ['new', 'reopened'];
const OPEN: readonly TicketStatus[] = ['new', 'acknowledged', 'reopened'];

function deadlinesText(ticket: Ticket, now: Date, timeZone: string): string | undefined {
  if (!OPEN.includes(ticket.status)) return undefined;
  const line = (label: string, deadline: Date): string =>
    `${label} ${slackDate(deadline, timeZone)}${deadline.getTime() < now.getTime() ? ' ⏰ *overdue*' : ''}`;
  const parts = [];
  if (WAITING.includes(ticket.status)) parts.push(line('Acknowledge by', ticket.deadlines.acknowledgeBy));
  parts.push(line('Resolve by', ticket.deadlines.resolveBy));
  return `⏱ ${parts.join(' · ')}`;
}

const staffQuote = (text: string): string =>
  escapedExcerpt(text, 1200)
    .text.split('\n')
    .map((line) => `>${line}`)
    .join('\n');

function lastEvent(ticket: Ticket, event: string) {
  return ticket.history.findLast((entry) => entry.event === event);
}

function statusText(ticket: Ticket, timeZone: string): string {
  const at = (date: Date): string => slackDate(date, timeZone);
  const resolution = (): string[] => {
    if (ticket.resolved) {
      return [
        `✅ *Resolved* by ${actorMention(ticket.resolved.by)} ${at(ticket.resolved.at)}`,
        staffQuote(ticket.resolved.note),
      ];
    }
    if (ticket.unresolvable) {
      return [
        `🚫 *Cannot be solved*: ${actorMention(ticket.unresolvable.by)} ${at(ticket.unresolvable.at)}`,
        staffQuote(ticket.unresolvable.explanation),
      ];
    }
    return [];
  };
  switch (ticket.status) {
    case 'new':
      return `🆕 *Received* ${at(ticket.createdAt)}, waiting to be acknowledged`;
    case 'acknowledged':
      return ticket.acknowledged
        ? `👀 *Acknowledged* by ${actorMention(ticket.acknowledged.by)} ${at(ticket.acknowledged.at)}`
        : '👀 *Acknowledged*';
    case 'resolved':
    case 'unresolvable':
      return resolution().join('\n') || `*${staffLabels.status[ticket.status]}*`;
    case 'reopened': {
      const reopen = lastEvent(ticket, 'reopen');
      const head = reopen
        ? `🔁 *Reopened* by ${actorMention(reopen.by)} ${at(reopen.at)}${reopen.note ? `: ${escapedExcerpt(reopen.note, 500).text}` : ''}`
        : '🔁 *Reopened*';
      const before = resolution();
      return before.length > 0 ? `${head}\n_Before:_ ${before.join('\n')}` : head;
    }
    case 'closed': {
      const close = lastEvent(ticket, 'close');
      return [`🔒 *Closed*${close ? ` ${at(close.at)}` : ''}`, ...resolution()].join('\n');
    }
  }
}

function plainStatus(ticket: Ticket, staffName: (userId: string) => string | undefined): string {
  const label = staffLabels.status[ticket.status];
  const actor =
    ticket.status === 'acknowledged'
      ? ticket.acknowledged
      : ticket.status === 'resolved'
        ? ticket.resolved
        : ticket.status === 'unresolvable'
          ? ticket.unresolvable
          : undefined;
  const name = actor ? staffName(actor.by) : undefined;
  return name ? `${label} by ${escapeMrkdwn(name)}` : label;
}

const button = (text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Block => ({
  type: 'button',
  text: plainText(text, 75),
  action_id: actionId,
  value,
  ...(style ? { style } : {}),
});

function actionsBlock(ticket: Ticket): Block | undefined {
  const { status, id } = ticket;
  if (status === 'closed') return undefined;
  const elements: Block[] = [];
  if (status === 'new' || status === 'reopened') {
    elements.push(button('Acknowledge', TICKET_ACTIONS.acknowledge, id, 'primary'));
  }
  elements.push(button('Reply to owner', TICKET_ACTIONS.reply, id));
  if (OPEN.includes(status)) {
    elements.push(
      button('Resolve…', TICKET_ACTIONS.resolve, id, status === 'acknowledged' ? 'primary' : undefined),
      button('Cannot resolve…', TICKET_ACTIONS.cannotResolve, id),
      {
        type: 'static_select',
        action_id: TICKET_ACTIONS.reassign,
        placeholder: plainText('Reassign…', 150),
        options: SPECIALTIES.filter((s) => s !== ticket.specialty).map((s) => ({
          text: plainText(staffLabels.specialty[s], 75),
          value: s,
        })),
      },
      {
        type: 'static_select',
        action_id: TICKET_ACTIONS.urgency,
        placeholder: plainText('Change urgency…', 150),
        options: URGENCIES.filter((u) => u !== ticket.urgency).map((u) => ({
          text: plainText(`${staffLabels.urgencyIcon[u]} ${staffLabels.urgency[u]}`, 75),
          value: u,
        })),
      },
    );
  }
  return { type: 'actions', block_id: actionsBlockId(id), elements };
}

const SAFE_PERMALINK = /^https:\/\/[^\s<>|]+$/;

function movedText(movedTo: NonNullable<TicketCardInput['movedTo']>): string {
  const department = staffLabels.specialty[movedTo.department];
  const link =
    movedTo.permalink && SAFE_PERMALINK.test(movedTo.permalink)
      ? ` (<${movedTo.permalink}|see the current card>)`
      : '';
  return `➡️ *Moved to ${department}*${link}. Work on it there; this card is no longer updated.`;
}

/**
 * The card staff see for a ticket in its department's channel, rendered again whenever the ticket changes:
 * urgency, number and department first; the owner; the message; attachments; the classification and its
 * evidence; deadlines; the status; and only the actions valid now. Everything from the owner is escaped.
 */
export function ticketCard(input: TicketCardInput): SlackMessage {
  const { ticket, owner, now, timeZone, movedTo } = input;
  const icon = staffLabels.urgencyIcon[ticket.urgency];
  const department = staffLabels.specialty[ticket.specialty];
  const urgency = staffLabels.urgency[ticket.urgency];
  const who = ownerLines(owner);
  const message = quotedMessage(ticket.text);
  const blocks: Block[] = [
    { type: 'header', text: plainText(`${icon} ${ticket.number} · ${department} · ${urgency}`, 150) },
    { type: 'section', text: mrkdwn(who.text) },
    {
      type: 'section',
      text: mrkdwn(
        `${message.text}${message.truncated ? '\n_Message shortened: the full text is in the thread._' : ''}`,
      ),
    },
  ];
  const attachments = attachmentSummary(ticket.attachments);
  if (attachments) blocks.push({ type: 'context', elements: [mrkdwn(`📎 ${attachments}`)] });
  blocks.push({ type: 'context', elements: [mrkdwn(classificationText(ticket))] });
  const deadlines = movedTo ? undefined : deadlinesText(ticket, now, timeZone);
  if (deadlines) blocks.push({ type: 'context', elements: [mrkdwn(deadlines)] });
  blocks.push({ type: 'section', text: mrkdwn(statusText(ticket, timeZone)) });
  if (movedTo) {
    blocks.push({ type: 'section', text: mrkdwn(movedText(movedTo)) });
  } else {
    const actions = actionsBlock(ticket);
    if (actions) blocks.push(actions);
  }
  const excerpt = ticket.text.trim() ? escapedExcerpt(ticket.text, FALLBACK_EXCERPT).text : '(no text)';
  const state = movedTo
    ? `moved to ${staffLabels.specialty[movedTo.department]}`
    : plainStatus(ticket, input.staffName);
  const text = `${icon} ${ticket.number} · ${department} · ${urgency} (${state}): ${who.plain}: ${excerpt}`;
  return { text, blocks };
}
