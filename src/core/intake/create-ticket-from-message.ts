import { messagesFor } from '../messages/messages-for.js';
import type { OutboxMessage } from '../outbox/outbox-message.js';
import { ownerFileIncomplete, ownerMessageInFull, threadIntro } from '../presenters/slack/thread-texts.js';
import { cardTruncatesMessage } from '../presenters/slack/ticket-card.js';
import { formatExpectBy } from '../presenters/telegram/format-deadline.js';
import { missingOwnerFields, type Owner } from '../tickets/owner.js';
import { planDeadlines } from '../tickets/plan-deadlines.js';
import { routeTicket } from '../tickets/route-ticket.js';
import type { Ticket } from '../tickets/ticket.js';
import { attachmentEffects } from './attachment-effects.js';
import type { IntakeDeps } from './intake-deps.js';
import { ownerNotice } from './owner-notice.js';
import { registrationQuestion } from './registration-question.js';

/** The part of an owner message a ticket is made from. */
export interface ReportContent {
  chatId: number;
  messageId: number;
  text: string;
  attachments: Ticket['attachments'];
}

/**
 * Turns an owner's message into a ticket: classifies it, routes it to a department, plans its deadlines, and
 * enqueues with it the owner's receipt (number, what it was understood as, when to expect an answer; the
 * emergency line for emergencies), the Slack card and the attachments for its thread. When the owner's file
 * is incomplete, asks once for what is missing. Idempotent per Telegram message.
 */
export async function createTicketFromMessage(
  deps: IntakeDeps,
  owner: Owner,
  report: ReportContent,
): Promise<Ticket> {
  const now = deps.clock.now();
  const classification = deps.classify(report.text);
  const department = routeTicket(classification, deps.settings.lowConfidence);
  const deadlines = planDeadlines(classification.urgency, now, deps.settings.deadlines);
  const missing = missingOwnerFields(owner);
  const t = messagesFor(owner.language);

  const { ticket } = await deps.tickets.create(
    {
      ownerId: owner.id,
      chatId: owner.chatId,
      language: owner.language,
      source: { chatId: report.chatId, messageId: report.messageId },
      text: report.text,
      attachments: report.attachments,
      specialty: department,
      urgency: classification.urgency,
      nature: classification.nature,
      classification,
      status: 'new',
      deadlines,
      missingOwnerInfo: missing,
      messageIds: [report.messageId],
      history: [{ at: now, event: 'create', to: 'new', by: 'owner' }],
      createdAt: now,
    },
    (created): OutboxMessage[] => [
      ownerNotice(
        `ticket:${created.id}:receipt`,
        owner.chatId,
        t.ticketReceived({
          number: created.number,
          specialty: department,
          urgency: classification.urgency,
          expectBy: formatExpectBy({
            deadline: deadlines.acknowledgeBy,
            now,
            timeZone: deps.settings.timeZone,
            language: owner.language,
          }),
          ...(classification.urgency === 'emergency' ? { emergencyPhone: deps.settings.emergencyPhone } : {}),
        }),
        { ticketId: created.id },
      ),
      { key: `ticket:${created.id}:card:1`, kind: 'slack.card', ticketId: created.id, department },
      { key: `ticket:${created.id}:intro`, kind: 'slack.thread', ticketId: created.id, text: threadIntro() },
      ...(cardTruncatesMessage(report.text)
        ? [
            {
              key: `ticket:${created.id}:full-text`,
              kind: 'slack.thread' as const,
              ticketId: created.id,
              text: ownerMessageInFull({ text: report.text }),
            },
          ]
        : []),
      ...(missing.length > 0
        ? [
            {
              key: `ticket:${created.id}:owner-file`,
              kind: 'slack.thread' as const,
              ticketId: created.id,
              text: ownerFileIncomplete(missing),
            },
          ]
        : []),
      ...attachmentEffects(created.id, report.messageId, report.attachments),
    ],
  );

  if (missing.length > 0 && !owner.registrationAskedAt) {
    const first = missing[0]!;
    await deps.outbox.enqueue([
      ownerNotice(`owner:${owner.id}:complete-file`, owner.chatId, t.completeYourFile({ missing })),
      registrationQuestion(`owner:${owner.id}:complete-file:ask`, owner, first),
    ]);
    await deps.owners.update(owner.id, { registrationAskedAt: now, awaiting: first });
  }
  return ticket;
}
