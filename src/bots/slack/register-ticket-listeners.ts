import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { CardStore } from '../../core/ports.js';
import {
  decodeModalMetadata,
  TICKET_ACTIONS,
  TICKET_INPUTS,
  TICKET_VIEWS,
  ticketIdFromActionsBlockId,
} from '../../core/presenters/slack/action-ids.js';
import { ownerReplyText } from '../../core/presenters/slack/owner-reply-prefix.js';
import {
  notAllowed,
  reassignedNote,
  relayedToOwner,
  urgencyChangedNote,
} from '../../core/presenters/slack/thread-texts.js';
import { cannotResolveModal, replyModal, resolveModal } from '../../core/presenters/slack/ticket-modals.js';
import { unescapeMrkdwn } from '../../core/presenters/slack/unescape-mrkdwn.js';
import type { StaffDeps, StaffOutcome } from '../../core/staff/staff-deps.js';
import {
  acknowledgeTicket,
  cannotResolveTicket,
  changeUrgency,
  reassignTicket,
  replyToOwner,
  resolveTicket,
} from '../../core/staff/ticket-actions.js';
import { SPECIALTIES, type Specialty, URGENCIES, type Urgency } from '../../core/taxonomy.js';
import { authorizeStaff } from '../../core/tickets/authorize-staff.js';
import type { Logger } from '../../logger.js';
import { blockActionSchema, threadMessageSchema, viewSubmissionSchema } from './slack-payloads.js';

/** What the listeners need besides the staff use cases. */
export interface TicketListenerDeps {
  staff: StaffDeps;
  cards: CardStore;
  logger: Logger;
  /** This app's bot user, to recognise replies under its own posts. */
  botUserId: string;
  /** Channels where ticket cards are posted. */
  departmentChannels: ReadonlySet<string>;
  /** Called after a change so the outbox delivers at once. */
  kick(): void;
}

type Respond = (message: {
  response_type: 'ephemeral';
  replace_original: false;
  text: string;
}) => Promise<unknown>;

const say = (respond: Respond, text: string) =>
  respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);

/** The ticket, the chosen option and the clicker of a card's select menu, when the payload is well formed. */
function selection<T extends string>(body: unknown, allowed: readonly T[]) {
  const parsed = blockActionSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const action = parsed.data.actions[0]!;
  const ticketId = action.value ?? ticketIdFromActionsBlockId(action.block_id);
  const value = action.selected_option?.value as T | undefined;
  if (!ticketId || !value || !allowed.includes(value)) return undefined;
  return { ticketId, value, by: parsed.data.user.id };
}

const MODALS = {
  [TICKET_ACTIONS.reply]: replyModal,
  [TICKET_ACTIONS.resolve]: resolveModal,
  [TICKET_ACTIONS.cannotResolve]: cannotResolveModal,
} as const;

/**
 * The ticket card's buttons, selects and modals, and replies in ticket threads. Listeners ack first, check
 * the payload, and leave the work to the staff use cases; anything for the clicker alone is ephemeral.
 */
export function registerTicketListeners(app: App, deps: TicketListenerDeps): void {
  const { staff, logger } = deps;
  const timeZone = staff.settings.timeZone;

  const report = async (respond: Respond, outcome: StaffOutcome) => {
    if (outcome.kind === 'done') deps.kick();
    if (outcome.kind !== 'done' || outcome.message) await say(respond, outcome.message ?? '');
  };

  app.action(TICKET_ACTIONS.acknowledge, async ({ ack, body, respond }) => {
    await ack();
    const parsed = blockActionSchema.safeParse(body);
    const ticketId = parsed.success ? parsed.data.actions[0]!.value : undefined;
    if (!parsed.success || !ticketId)
      return void logger.warn({ issues: parsed.error?.issues }, 'malformed block action');
    await report(respond as Respond, await acknowledgeTicket(staff, ticketId, parsed.data.user.id));
  });

  for (const actionId of [
    TICKET_ACTIONS.reply,
    TICKET_ACTIONS.resolve,
    TICKET_ACTIONS.cannotResolve,
  ] as const) {
    app.action(actionId, async ({ ack, body, respond, client }) => {
      await ack();
      const parsed = blockActionSchema.safeParse(body);
      const ticketId = parsed.success ? parsed.data.actions[0]!.value : undefined;
      if (!parsed.success || !ticketId) return void logger.warn({ actionId }, 'malformed block action');
      const ticket = await staff.tickets.get(ticketId);
      if (!ticket) return void (await say(respond as Respond, 'That ticket no longer exists.'));
      if (!authorizeStaff(parsed.data.user.id, ticket.specialty, staff.settings.people)) {
        return void (await say(respond as Respond, notAllowed({ department: ticket.specialty })));
      }
      const channel = parsed.data.container?.channel_id ?? parsed.data.channel?.id ?? '';
      const ts = parsed.data.container?.message_ts ?? parsed.data.message?.ts ?? '';
      await (client as WebClient).views.open({
        trigger_id: parsed.data.trigger_id,
        view: MODALS[actionId](ticket, { ticketId, channel, ts }) as never,
      });
    });
  }

  app.action(TICKET_ACTIONS.reassign, async ({ ack, body, respond }) => {
    await ack();
    const chosen = selection<Specialty>(body, SPECIALTIES);
    if (!chosen) return void logger.warn('malformed reassign action');
    const { ticketId, value: department, by } = chosen;
    await report(
      respond as Respond,
      await reassignTicket(staff, ticketId, by, department, (from) =>
        reassignedNote({ from, to: department, by }),
      ),
    );
  });

  app.action(TICKET_ACTIONS.urgency, async ({ ack, body, respond }) => {
    await ack();
    const chosen = selection<Urgency>(body, URGENCIES);
    if (!chosen) return void logger.warn('malformed urgency action');
    const { ticketId, value: urgency, by } = chosen;
    await report(
      respond as Respond,
      await changeUrgency(staff, ticketId, by, urgency, (from, next) =>
        urgencyChangedNote({
          from,
          to: urgency,
          by,
          newDeadline: next.acknowledged ? next.deadlines.resolveBy : next.deadlines.acknowledgeBy,
          timeZone,
        }),
      ),
    );
  });

  const submissions = [
    { callbackId: TICKET_VIEWS.reply, input: TICKET_INPUTS.reply },
    { callbackId: TICKET_VIEWS.resolve, input: TICKET_INPUTS.resolve },
    { callbackId: TICKET_VIEWS.cannotResolve, input: TICKET_INPUTS.cannotResolve },
  ] as const;
  for (const { callbackId, input } of submissions) {
    app.view(callbackId, async ({ ack, body, client }) => {
      const parsed = viewSubmissionSchema.safeParse(body);
      const metadata = parsed.success ? decodeModalMetadata(parsed.data.view.private_metadata) : undefined;
      const text = parsed.success
        ? (parsed.data.view.state.values[input.block]?.[input.action]?.value ?? '').trim()
        : '';
      if (!parsed.success || !metadata) {
        await ack();
        return void logger.warn({ callbackId }, 'malformed view submission');
      }
      if (!text) {
        await ack({
          response_action: 'errors',
          errors: { [input.block]: 'Please write something: the owner reads it.' },
        });
        return;
      }
      await ack();
      const user = parsed.data.user.id;
      const outcome =
        callbackId === TICKET_VIEWS.reply
          ? await replyToOwner(staff, metadata.ticketId, user, text, `view:${parsed.data.view.id}`, (sent) =>
              relayedToOwner({ staffUserId: user, text: sent }),
            )
          : callbackId === TICKET_VIEWS.resolve
            ? await resolveTicket(staff, metadata.ticketId, user, text)
            : await cannotResolveTicket(staff, metadata.ticketId, user, text);
      if (outcome.kind === 'done') deps.kick();
      else if (metadata.channel) {
        await (client as WebClient).chat
          .postEphemeral({ channel: metadata.channel, user, text: outcome.message })
          .catch((error: unknown) => logger.warn({ err: error }, 'could not tell the user why'));
      }
    });
  }

  app.event('message', async ({ event, client }) => {
    const parsed = threadMessageSchema.safeParse(event);
    const raw = event as { subtype?: string; bot_id?: string };
    if (!parsed.success || raw.subtype || raw.bot_id) return;
    const message = parsed.data;
    if (message.thread_ts === message.ts) return;
    const card = await deps.cards.findByMessage(message.channel, message.thread_ts);
    if (!card) {
      // A reply under one of our posts in a department channel whose card is not recorded yet (it was posted
      // a moment ago): fail, so that Slack delivers the event again.
      const parentIsOurs = (event as { parent_user_id?: string }).parent_user_id === deps.botUserId;
      if (parentIsOurs && deps.departmentChannels.has(message.channel)) {
        throw new Error(`thread ${message.channel}/${message.thread_ts} has no card yet`);
      }
      return;
    }
    const forOwner = ownerReplyText(unescapeMrkdwn(message.text));
    if (!forOwner) return;
    const outcome = await replyToOwner(
      staff,
      card.ticketId,
      message.user,
      forOwner,
      `thread:${message.channel}:${message.ts}`,
      (sent) => relayedToOwner({ staffUserId: message.user, text: sent }),
    );
    if (outcome.kind === 'done') deps.kick();
    else {
      await (client as WebClient).chat
        .postEphemeral({
          channel: message.channel,
          user: message.user,
          thread_ts: message.thread_ts,
          text: outcome.message,
        })
        .catch((error: unknown) => logger.warn({ err: error }, 'could not tell the user why'));
    }
  });
}
