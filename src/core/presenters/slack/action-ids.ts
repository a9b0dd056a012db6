/** `action_id`s of the interactive elements on a ticket card. Button values are the ticket id. */
export const TICKET_ACTIONS = {
  acknowledge: 'ticket.ack',
  reply: 'ticket.reply',
  resolve: 'ticket.resolve',
  cannotResolve: 'ticket.cannot',
  /** static_select; option values are specialties. */
  reassign: 'ticket.reassign',
  /** static_select; option values are urgencies. */
  urgency: 'ticket.urgency',
} as const;
export type TicketActionId = (typeof TICKET_ACTIONS)[keyof typeof TICKET_ACTIONS];

/** `callback_id`s of the ticket modals. */
export const TICKET_VIEWS = {
  reply: 'ticket.reply.submit',
  resolve: 'ticket.resolve.submit',
  cannotResolve: 'ticket.cannot.submit',
} as const;
export type TicketViewId = (typeof TICKET_VIEWS)[keyof typeof TICKET_VIEWS];

/**
 * `block_id` / `action_id` of each modal's text field: the submitted text is at
 * `view.state.values[block][action].value`.
 */
export const TICKET_INPUTS = {
  reply: { block: 'ticket.reply.text', action: 'text' },
  resolve: { block: 'ticket.resolve.note', action: 'text' },
  cannotResolve: { block: 'ticket.cannot.explanation', action: 'text' },
} as const;

const ACTIONS_BLOCK_PREFIX = 'ticket.actions:';

/** `block_id` of a card's actions block: carries the ticket id, for the selects whose values do not. */
export const actionsBlockId = (ticketId: string): string => `${ACTIONS_BLOCK_PREFIX}${ticketId}`;

/** The ticket id in an actions block's `block_id`, or `undefined` when it is not one. */
export function ticketIdFromActionsBlockId(blockId: string | undefined): string | undefined {
  if (!blockId?.startsWith(ACTIONS_BLOCK_PREFIX)) return undefined;
  const ticketId = blockId.slice(ACTIONS_BLOCK_PREFIX.length);
  return ticketId || undefined;
}

/** What a ticket modal remembers in `private_metadata`: the ticket and the card it was opened from. */
export interface ModalMetadata {
  ticketId: string;
  channel: string;
  ts: string;
}

/** `private_metadata` for a ticket modal. */
export const encodeModalMetadata = (metadata: ModalMetadata): string =>
  JSON.stringify({ ticketId: metadata.ticketId, channel: metadata.channel, ts: metadata.ts });

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** The metadata a ticket modal was opened with, or `undefined` when `privateMetadata` is not one. */
export function decodeModalMetadata(privateMetadata: string | undefined): ModalMetadata | undefined {
  if (!privateMetadata) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(privateMetadata);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const { ticketId, channel, ts } = parsed as Record<string, unknown>;
  if (!isNonEmptyString(ticketId) || !isNonEmptyString(channel) || !isNonEmptyString(ts)) return undefined;
  return { ticketId, channel, ts };
}
