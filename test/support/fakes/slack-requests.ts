import { createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { FakeSlack } from './fake-slack.js';

type Json = Record<string, unknown>;

/** Workspace identity the builders stamp on payloads; a {@link FakeSlack} satisfies it. */
export interface SlackWorkspace {
  teamId: string;
  appId: string;
  botUserId: string;
}

const DEFAULT_WORKSPACE: SlackWorkspace = {
  teamId: 'T0FAKETEAM',
  appId: 'A0FAKEAPP',
  botUserId: 'U0FAKEBOT',
};

/** The legacy verification token Slack still includes in payloads (Bolt ignores it). */
export const VERIFICATION_TOKEN = 'fake-verification-token';

const nowSec = (): number => Math.floor(Date.now() / 1000);

/** A Slack-style ts for "now", e.g. `1733230000.123456`. */
export function slackTs(date = Date.now()): string {
  return `${Math.floor(date / 1000)}.${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
}

/** Signature headers Slack adds: HMAC-SHA256 over `v0:<timestamp>:<rawBody>` with the signing secret. */
export function signSlackRequest(
  rawBody: string,
  signingSecret: string,
  timestampSec: number = nowSec(),
): { 'x-slack-request-timestamp': string; 'x-slack-signature': string } {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestampSec), 'x-slack-signature': `v0=${digest}` };
}

/** Options for {@link postToSlackApp}. */
export interface PostToSlackAppOptions {
  signingSecret: string;
  /** Seconds since epoch; set it > 5 minutes in the past to test replay protection. */
  timestamp?: number;
  /** Sign with a wrong secret. */
  badSignature?: boolean;
  retryNum?: number;
  retryReason?:
    | 'http_timeout'
    | 'http_error'
    | 'too_many_requests'
    | 'ssl_error'
    | 'connection_failed'
    | string;
  /**
   * `json` for Events API bodies, `form-payload` for interactivity (`payload=<json>`), `form` for slash commands.
   * Inferred from the body when omitted.
   */
  contentType?: 'json' | 'form-payload' | 'form';
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** What our app answered. */
export interface SlackAppResponse {
  status: number;
  body: unknown;
  text: string;
  headers: Record<string, string>;
  ms: number;
}

const INTERACTIVE_TYPES = new Set([
  'block_actions',
  'view_submission',
  'view_closed',
  'shortcut',
  'message_action',
  'block_suggestion',
  'interactive_message',
  'dialog_submission',
]);

/** Encodes `body` the way Slack does for its type. */
export function encodeSlackBody(
  body: Json,
  contentType?: PostToSlackAppOptions['contentType'],
): {
  raw: string;
  contentType: string;
} {
  const kind =
    contentType ??
    (INTERACTIVE_TYPES.has(String(body.type))
      ? 'form-payload'
      : typeof body.command === 'string'
        ? 'form'
        : 'json');
  if (kind === 'json') return { raw: JSON.stringify(body), contentType: 'application/json' };
  if (kind === 'form-payload') {
    return {
      raw: new URLSearchParams({ payload: JSON.stringify(body) }).toString(),
      contentType: 'application/x-www-form-urlencoded',
    };
  }
  const fields = Object.entries(body).map(([k, v]): [string, string] => [
    k,
    typeof v === 'string' ? v : JSON.stringify(v),
  ]);
  return { raw: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
}

/** POSTs a signed Slack request (event, interaction or command) to our app, e.g. `http://127.0.0.1:PORT/slack/events`. */
export async function postToSlackApp(
  url: string,
  body: Json | string,
  options: PostToSlackAppOptions,
): Promise<SlackAppResponse> {
  const encoded =
    typeof body === 'string'
      ? {
          raw: body,
          contentType:
            options.contentType === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
        }
      : encodeSlackBody(body, options.contentType);
  const secret = options.badSignature ? `${options.signingSecret}-wrong` : options.signingSecret;
  const headers: Record<string, string> = {
    'content-type': encoded.contentType,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signSlackRequest(encoded.raw, secret, options.timestamp),
    ...(options.retryNum === undefined ? {} : { 'x-slack-retry-num': String(options.retryNum) }),
    ...(options.retryReason === undefined ? {} : { 'x-slack-retry-reason': options.retryReason }),
    ...options.headers,
  };
  const started = Date.now();
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body: encoded.raw,
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : '';
  } catch {
    parsed = text;
  }
  return {
    status: res.status,
    body: parsed,
    text,
    headers: Object.fromEntries(res.headers.entries()),
    ms: Date.now() - started,
  };
}

// ---- Events API ----

/** Wraps an event the way the Events API delivers it. */
export function buildEventCallback(event: Json, overrides: Json & { workspace?: SlackWorkspace } = {}): Json {
  const { workspace = DEFAULT_WORKSPACE, ...rest } = overrides;
  return {
    token: VERIFICATION_TOKEN,
    team_id: workspace.teamId,
    context_team_id: workspace.teamId,
    context_enterprise_id: null,
    api_app_id: workspace.appId,
    event,
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: nowSec(),
    authorizations: [
      {
        enterprise_id: null,
        team_id: workspace.teamId,
        user_id: workspace.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(12).toString('base64url')}`,
    ...rest,
  };
}

export function buildUrlVerification(challenge = randomBytes(16).toString('hex')): Json {
  return { token: VERIFICATION_TOKEN, challenge, type: 'url_verification' };
}

/** Input for {@link buildMessageEvent}. */
export interface MessageEventInput {
  channel: string;
  user?: string;
  text: string;
  ts?: string;
  thread_ts?: string;
  bot_id?: string;
  subtype?: string;
  channel_type?: 'channel' | 'group' | 'im' | 'mpim';
  team?: string;
  [key: string]: unknown;
}

/** A `message` event as Slack sends it for a human (or, with bot_id/subtype, a bot) message. */
export function buildMessageEvent(input: MessageEventInput): Json {
  const ts = input.ts ?? slackTs();
  const { channel_type, team, ...rest } = input;
  const event: Json = {
    type: 'message',
    ...rest,
    user: input.user ?? (input.bot_id ? undefined : 'U0STAFF01'),
    ts,
    event_ts: ts,
    channel_type: channel_type ?? (input.channel.startsWith('D') ? 'im' : 'channel'),
    team: team ?? DEFAULT_WORKSPACE.teamId,
  };
  if (!input.bot_id && !input.subtype) {
    event.client_msg_id = randomUUID();
    event.blocks = [
      {
        type: 'rich_text',
        block_id: randomBytes(3).toString('hex'),
        elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: input.text }] }],
      },
    ];
  }
  if (input.thread_ts) event.parent_user_id ??= DEFAULT_WORKSPACE.botUserId;
  for (const key of Object.keys(event)) if (event[key] === undefined) delete event[key];
  return event;
}

/** An `app_mention` event. */
export function buildAppMentionEvent(input: MessageEventInput): Json {
  const { subtype: _subtype, bot_id: _botId, channel_type: _channelType, ...rest } = buildMessageEvent(input);
  return { ...rest, type: 'app_mention' };
}

// ---- Interactivity ----

/** The clicking/submitting user. */
export interface SlackActor {
  id: string;
  username?: string;
  name?: string;
  team_id?: string;
}

/** Options shared by interactive builders: pass the fake to mint a trigger_id and response_url it will accept. */
export interface InteractionContext {
  slack?: FakeSlack;
}

/** One button (or other element) action. */
export interface ActionInput {
  action_id: string;
  block_id?: string;
  value?: string;
  type?: string;
  action_ts?: string;
  text?: { type: 'plain_text'; text: string; emoji?: boolean };
  [key: string]: unknown;
}

/** Input for {@link buildBlockAction}. */
export interface BlockActionInput {
  user: SlackActor;
  actions: ActionInput[];
  channel?: { id: string; name?: string };
  message?: Json & { ts: string };
  view?: Json;
  trigger_id?: string;
  response_url?: string;
  container?: Json;
  state?: Json;
  [key: string]: unknown;
}

const workspaceOf = (ctx: InteractionContext): SlackWorkspace => ctx.slack ?? DEFAULT_WORKSPACE;

const actorOf = (user: SlackActor, workspace: SlackWorkspace): Required<SlackActor> => ({
  id: user.id,
  username: user.username ?? user.name ?? user.id.toLowerCase(),
  name: user.name ?? user.username ?? user.id.toLowerCase(),
  team_id: user.team_id ?? workspace.teamId,
});

const teamOf = (workspace: SlackWorkspace): Json => ({ id: workspace.teamId, domain: 'fake' });

/**
 * A `block_actions` payload (button click on a message or in a modal) with the fields Slack sends.
 * With `{ slack }`, the trigger_id and response_url are minted by the fake, so views.open and respond() work.
 */
export function buildBlockAction(input: BlockActionInput, ctx: InteractionContext = {}): Json {
  const workspace = workspaceOf(ctx);
  const { user, actions, channel, message, view, trigger_id, response_url, container, state, ...rest } =
    input;
  const actionTs = slackTs();
  const channelJson = channel
    ? { id: channel.id, name: channel.name ?? channel.id.toLowerCase() }
    : undefined;
  const fullMessage = message
    ? {
        type: 'message',
        user: workspace.botUserId,
        bot_id: ctx.slack?.botId ?? 'B0FAKEBOT',
        text: '',
        team: workspace.teamId,
        ...(ctx.slack && channel ? stripLocal(ctx.slack.message(channel.id, message.ts)) : {}),
        ...message,
      }
    : undefined;
  const payload: Json = {
    type: 'block_actions',
    user: actorOf(user, workspace),
    api_app_id: workspace.appId,
    token: VERIFICATION_TOKEN,
    container:
      container ??
      (view
        ? { type: 'view', view_id: view.id }
        : {
            type: 'message',
            message_ts: message?.ts,
            channel_id: channel?.id,
            is_ephemeral: false,
          }),
    trigger_id:
      trigger_id ?? ctx.slack?.mintTriggerId(view ? { viewId: String(view.id) } : {}) ?? mintLooseTriggerId(),
    team: teamOf(workspace),
    enterprise: null,
    is_enterprise_install: false,
    ...(channelJson ? { channel: channelJson } : {}),
    ...(fullMessage ? { message: fullMessage } : {}),
    ...(view ? { view } : {}),
    state: state ?? { values: {} },
    actions: actions.map((a) => ({
      type: 'button',
      block_id: a.block_id ?? randomBytes(3).toString('hex'),
      action_ts: a.action_ts ?? actionTs,
      ...(a.type === undefined || a.type === 'button'
        ? { text: { type: 'plain_text', text: a.action_id, emoji: true } }
        : {}),
      ...a,
    })),
    ...rest,
  };
  if (!view) {
    payload.response_url =
      response_url ??
      ctx.slack?.mintResponseUrl({
        ...(channel ? { channel: channel.id } : {}),
        ...(message ? { messageTs: message.ts } : {}),
        user: user.id,
      }) ??
      `https://hooks.slack.com/actions/${workspace.teamId}/${randomInt(1e9, 9e9)}/${randomBytes(12).toString('hex')}`;
  } else if (response_url) {
    payload.response_url = response_url;
  }
  return payload;
}

/** Input for {@link buildViewSubmission}. */
export interface ViewSubmissionInput {
  user: SlackActor;
  view: Json & { id?: string; callback_id: string; private_metadata?: string; state?: { values: Json } };
  response_urls?: Json[];
  [key: string]: unknown;
}

/**
 * A `view_submission` payload. With `{ slack }` and a `view.id` opened on the fake, the rest of the view
 * (blocks, title, hash, root ids) is filled from what the app actually opened.
 */
export function buildViewSubmission(input: ViewSubmissionInput, ctx: InteractionContext = {}): Json {
  const workspace = workspaceOf(ctx);
  const { user, view, response_urls, ...rest } = input;
  return {
    type: 'view_submission',
    team: teamOf(workspace),
    user: actorOf(user, workspace),
    api_app_id: workspace.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: ctx.slack?.mintTriggerId(view.id ? { viewId: view.id } : {}) ?? mintLooseTriggerId(),
    view: fullView(view, workspace, ctx),
    response_urls: response_urls ?? [],
    is_enterprise_install: false,
    enterprise: null,
    ...rest,
  };
}

/** A `view_closed` payload (needs `notify_on_close` on the view in real Slack). */
export function buildViewClosed(input: ViewSubmissionInput, ctx: InteractionContext = {}): Json {
  const workspace = workspaceOf(ctx);
  const { user, view, response_urls: _urls, ...rest } = input;
  return {
    type: 'view_closed',
    team: teamOf(workspace),
    user: actorOf(user, workspace),
    api_app_id: workspace.appId,
    token: VERIFICATION_TOKEN,
    view: fullView(view, workspace, ctx),
    is_cleared: false,
    is_enterprise_install: false,
    enterprise: null,
    ...rest,
  };
}

/** Input for {@link buildSlashCommand}. */
export interface SlashCommandInput {
  command: string;
  text?: string;
  user: SlackActor;
  channel: { id: string; name?: string };
  [key: string]: unknown;
}

/** A slash command body (form-encoded fields, not a payload). */
export function buildSlashCommand(input: SlashCommandInput, ctx: InteractionContext = {}): Json {
  const workspace = workspaceOf(ctx);
  const { command, text, user, channel, ...rest } = input;
  const actor = actorOf(user, workspace);
  return {
    token: VERIFICATION_TOKEN,
    team_id: workspace.teamId,
    team_domain: 'fake',
    channel_id: channel.id,
    channel_name: channel.name ?? channel.id.toLowerCase(),
    user_id: actor.id,
    user_name: actor.username,
    command,
    text: text ?? '',
    api_app_id: workspace.appId,
    is_enterprise_install: 'false',
    response_url:
      ctx.slack?.mintResponseUrl({ channel: channel.id, user: user.id }) ??
      'https://hooks.slack.com/commands/x',
    trigger_id: ctx.slack?.mintTriggerId() ?? mintLooseTriggerId(),
    ...rest,
  };
}

/** `state.values` entries for common inputs. */
export const stateValue = {
  plainText: (value: string): Json => ({ type: 'plain_text_input', value }),
  staticSelect: (value: string, text = value): Json => ({
    type: 'static_select',
    selected_option: { text: { type: 'plain_text', text, emoji: true }, value },
  }),
  radio: (value: string, text = value): Json => ({
    type: 'radio_buttons',
    selected_option: { text: { type: 'plain_text', text, emoji: true }, value },
  }),
  users: (userId: string): Json => ({ type: 'users_select', selected_user: userId }),
  datepicker: (date: string): Json => ({ type: 'datepicker', selected_date: date }),
};

function fullView(
  view: ViewSubmissionInput['view'],
  workspace: SlackWorkspace,
  ctx: InteractionContext,
): Json {
  const opened = view.id && ctx.slack ? ctx.slack.view(view.id) : undefined;
  const id = view.id ?? `V${randomBytes(5).toString('hex').toUpperCase()}`;
  return {
    id,
    team_id: workspace.teamId,
    type: 'modal',
    blocks: [],
    private_metadata: '',
    state: { values: {} },
    hash: `${nowSec()}.${randomBytes(4).toString('hex')}`,
    title: { type: 'plain_text', text: 'Modal', emoji: true },
    clear_on_close: false,
    notify_on_close: false,
    close: null,
    submit: { type: 'plain_text', text: 'Submit', emoji: true },
    previous_view_id: null,
    root_view_id: id,
    app_id: workspace.appId,
    external_id: '',
    app_installed_team_id: workspace.teamId,
    bot_id: ctx.slack?.botId ?? 'B0FAKEBOT',
    ...opened,
    ...view,
  };
}

function stripLocal(message: Json | object | undefined): Json {
  if (!message) return {};
  const { via: _via, channel: _channel, deleted: _deleted, ...rest } = message as Json;
  return rest;
}

function mintLooseTriggerId(): string {
  return `${randomInt(1e9, 9e9)}.${randomInt(1e9, 9e9)}.${randomBytes(16).toString('hex')}`;
}
