/** A logical Slack Web API error: HTTP 200 with `{ ok: false, error, ...extra }`. */
export class SlackApiError extends Error {
  constructor(
    readonly error: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(error);
  }

  static withMessages(error: string, messages: string[]): SlackApiError {
    return new SlackApiError(error, { response_metadata: { messages } });
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const KNOWN_BLOCKS = new Set([
  'section',
  'divider',
  'image',
  'actions',
  'context',
  'input',
  'header',
  'rich_text',
  'file',
  'video',
  'markdown',
  'table',
]);

/** Decodes a blocks/view/attachments param that may arrive as a JSON string (urlencoded requests). */
export function decodeJsonParam(value: unknown, error: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new SlackApiError(error);
  }
}

/**
 * Checks the Block Kit limits Slack enforces most often; answers like Slack: `invalid_blocks` with
 * `response_metadata.messages` such as `[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]`.
 */
export function validateBlocks(
  blocks: unknown,
  { max = 50, pointer = '/blocks', surface = 'message' } = {},
): Json[] {
  const errorCode = surface === 'message' ? 'invalid_blocks' : 'invalid_arguments';
  if (!Array.isArray(blocks))
    throw new SlackApiError(surface === 'message' ? 'invalid_blocks_format' : errorCode);
  const problems: string[] = [];
  const fail = (path: string, message: string): void => {
    problems.push(`[ERROR] ${message} [json-pointer:${pointer}${path}]`);
  };
  if (blocks.length > max) fail('', `no more than ${max} items allowed`);
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  blocks.forEach((block: unknown, index: number) => {
    const at = `/${index}`;
    if (!isObject(block) || typeof block.type !== 'string') {
      fail(at, 'missing required field: type');
      return;
    }
    if (!KNOWN_BLOCKS.has(block.type)) {
      fail(`${at}/type`, `value must be one of ${[...KNOWN_BLOCKS].join(', ')}`);
      return;
    }
    if (typeof block.block_id === 'string') {
      if (block.block_id.length > 255) fail(`${at}/block_id`, 'must be less than 256 characters');
      if (blockIds.has(block.block_id)) fail(`${at}/block_id`, `duplicate block_id: ${block.block_id}`);
      blockIds.add(block.block_id);
    }
    if (block.type === 'section') {
      const text = block.text as Json | undefined;
      if (!text && !Array.isArray(block.fields)) fail(at, 'must provide either text or fields');
      if (text) checkText(text, `${at}/text`, 3000, fail);
    }
    if (block.type === 'header') {
      const text = block.text as Json | undefined;
      if (!text) fail(`${at}/text`, 'missing required field: text');
      else {
        if (text.type !== 'plain_text') fail(`${at}/text/type`, 'must be plain_text');
        checkText(text, `${at}/text`, 150, fail);
      }
    }
    if (block.type === 'actions') {
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0)
        fail(`${at}/elements`, 'must provide at least one element');
      else if (elements.length > 25) fail(`${at}/elements`, 'no more than 25 items allowed');
      else {
        elements.forEach((element, i) => {
          checkElement(element, `${at}/elements/${i}`, actionIds, fail);
        });
      }
    }
    if (block.type === 'input') {
      if (surface === 'message') fail(`${at}/type`, 'input blocks are not supported in messages');
      if (!isObject(block.label)) fail(`${at}/label`, 'missing required field: label');
      else checkText(block.label, `${at}/label`, 2000, fail);
      if (!isObject(block.element)) fail(`${at}/element`, 'missing required field: element');
      else checkElement(block.element, `${at}/element`, actionIds, fail);
    }
    if (block.type === 'context' && (!Array.isArray(block.elements) || block.elements.length > 10)) {
      fail(`${at}/elements`, 'must provide 1 to 10 elements');
    }
  });
  if (problems.length) throw SlackApiError.withMessages(errorCode, problems);
  return blocks as Json[];
}

function checkText(
  text: Json,
  path: string,
  max: number,
  fail: (path: string, message: string) => void,
): void {
  if (text.type !== 'plain_text' && text.type !== 'mrkdwn')
    fail(`${path}/type`, 'must be plain_text or mrkdwn');
  if (typeof text.text !== 'string' || text.text.length === 0)
    fail(`${path}/text`, 'must be more than 0 characters');
  else if (text.text.length > max) fail(`${path}/text`, `must be less than ${max + 1} characters`);
}

function checkElement(
  element: unknown,
  path: string,
  actionIds: Set<string>,
  fail: (path: string, message: string) => void,
): void {
  if (!isObject(element) || typeof element.type !== 'string') {
    fail(path, 'missing required field: type');
    return;
  }
  if (typeof element.action_id === 'string') {
    if (element.action_id.length > 255) fail(`${path}/action_id`, 'must be less than 256 characters');
    if (actionIds.has(element.action_id))
      fail(`${path}/action_id`, `duplicate action_id: ${element.action_id}`);
    actionIds.add(element.action_id);
  }
  if (element.type === 'button') {
    if (!isObject(element.text)) fail(`${path}/text`, 'missing required field: text');
    else {
      if (element.text.type !== 'plain_text') fail(`${path}/text/type`, 'must be plain_text');
      checkText(element.text, `${path}/text`, 75, fail);
    }
    if (typeof element.value === 'string' && element.value.length > 2000) {
      fail(`${path}/value`, 'must be less than 2001 characters');
    }
  }
}

/** Validates a modal/home view the way views.open/update/push do. */
export function validateView(raw: unknown): Json {
  const view = decodeJsonParam(raw, 'invalid_arguments');
  if (!isObject(view)) {
    throw SlackApiError.withMessages('invalid_arguments', ['[ERROR] missing required field: view']);
  }
  const problems: string[] = [];
  const fail = (path: string, message: string): void => {
    problems.push(`[ERROR] ${message} [json-pointer:/view${path}]`);
  };
  if (view.type !== 'modal' && view.type !== 'home') fail('/type', 'must be one of modal, home');
  if (view.type === 'modal') {
    const title = view.title as Json | undefined;
    if (!isObject(title)) fail('/title', 'missing required field: title');
    else checkText(title, '/title', 24, fail);
    for (const key of ['submit', 'close'] as const) {
      const button = view[key];
      if (button !== undefined && isObject(button)) checkText(button, `/${key}`, 24, fail);
    }
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) fail('/submit', 'must provide submit when using input blocks');
  }
  if (typeof view.callback_id === 'string' && view.callback_id.length > 255) {
    fail('/callback_id', 'must be less than 256 characters');
  }
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) {
    fail('/private_metadata', 'must be less than 3001 characters');
  }
  if (problems.length) throw SlackApiError.withMessages('invalid_arguments', problems);
  try {
    validateBlocks(view.blocks, { max: 100, pointer: '/view/blocks', surface: 'view' });
  } catch (error) {
    if (error instanceof SlackApiError && error.error === 'invalid_blocks_format') {
      throw SlackApiError.withMessages('invalid_arguments', [
        '[ERROR] must provide an array [json-pointer:/view/blocks]',
      ]);
    }
    throw error;
  }
  return view;
}
