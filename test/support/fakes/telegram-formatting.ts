import { TelegramApiError, type TgMessageEntity } from './telegram-types.js';

/** Plain text plus entities, as Telegram stores a formatted message. */
export interface FormattedText {
  text: string;
  entities: TgMessageEntity[];
}

const byteOffset = (source: string, index: number): number =>
  Buffer.byteLength(source.slice(0, index), 'utf8');

const cantParse = (detail: string): TelegramApiError =>
  TelegramApiError.badRequest(`can't parse entities: ${detail}`);

/**
 * Applies `parse_mode` the way the Bot API does (a faithful subset): returns the visible text and its entities,
 * or throws `Bad Request: can't parse entities: ...` with the same wording Telegram uses.
 */
export function parseFormatted(source: string, parseMode: unknown): FormattedText {
  const mode = typeof parseMode === 'string' ? parseMode.toLowerCase() : '';
  if (mode === 'html') return parseHtml(source);
  if (mode === 'markdownv2') return parseMarkdownV2(source);
  if (mode === 'markdown') return parseLegacyMarkdown(source);
  if (mode !== '' && parseMode !== undefined) throw TelegramApiError.badRequest(`unsupported parse_mode`);
  return { text: source, entities: [] };
}

/** Telegram strips surrounding whitespace; entity offsets follow the visible text. */
export function trimFormatted({ text, entities }: FormattedText): FormattedText {
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  const shifted = entities
    .map((entity) => {
      const start = Math.max(0, entity.offset - lead);
      const end = Math.min(trimmed.length, entity.offset - lead + entity.length);
      return { ...entity, offset: start, length: end - start };
    })
    .filter((entity) => entity.length > 0);
  return { text: trimmed, entities: shifted };
}

const HTML_TAGS: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

const HTML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function parseHtml(source: string): FormattedText {
  let text = '';
  const entities: TgMessageEntity[] = [];
  const stack: { tag: string; start: number; attrs: Record<string, string> }[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '&') {
      const match = /^&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/.exec(source.slice(i));
      const name = match?.[1];
      if (name !== undefined) {
        const decoded = name.startsWith('#x')
          ? String.fromCodePoint(Number.parseInt(name.slice(2), 16))
          : name.startsWith('#')
            ? String.fromCodePoint(Number.parseInt(name.slice(1), 10))
            : HTML_ENTITIES[name.toLowerCase()];
        if (decoded !== undefined) {
          text += decoded;
          i += match![0].length;
          continue;
        }
      }
      text += ch;
      i += 1;
      continue;
    }
    if (ch !== '<') {
      text += ch;
      i += 1;
      continue;
    }
    const close = source.indexOf('>', i);
    if (close === -1) throw cantParse(`Unclosed start tag at byte offset ${byteOffset(source, i)}`);
    const inner = source.slice(i + 1, close);
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim().toLowerCase();
      const open = stack.pop();
      if (!open) throw cantParse(`Unexpected end tag at byte offset ${byteOffset(source, i)}`);
      if (open.tag !== name) {
        throw cantParse(
          `Unmatched end tag at byte offset ${byteOffset(source, i)}, expected "</${open.tag}>", found "</${name}>"`,
        );
      }
      const type = HTML_TAGS[open.tag]!;
      const entity: TgMessageEntity = { type, offset: open.start, length: text.length - open.start };
      if (type === 'text_link') entity.url = open.attrs.href ?? '';
      if (type === 'custom_emoji') entity.custom_emoji_id = open.attrs['emoji-id'] ?? '';
      if (type === 'pre' && open.attrs.language) entity.language = open.attrs.language;
      if (entity.length > 0) entities.push(entity);
      i = close + 1;
      continue;
    }
    const nameMatch = /^([a-zA-Z][a-zA-Z0-9-]*)/.exec(inner);
    const name = (nameMatch?.[1] ?? '').toLowerCase();
    if (!(name in HTML_TAGS)) {
      throw cantParse(`Unsupported start tag "${name}" at byte offset ${byteOffset(source, i)}`);
    }
    const attrs: Record<string, string> = {};
    for (const attr of inner
      .slice(name.length)
      .matchAll(/([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))/g)) {
      attrs[attr[1]!.toLowerCase()] = attr[2] ?? attr[3] ?? attr[4] ?? '';
    }
    if (name === 'span' && attrs.class !== 'tg-spoiler') {
      throw cantParse(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(source, i)}`);
    }
    if (name === 'a' && attrs.href === undefined) {
      attrs.href = '';
    }
    stack.push({ tag: name, start: text.length, attrs });
    i = close + 1;
  }
  const unclosed = stack.pop();
  if (unclosed) throw cantParse(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  entities.sort((a, b) => a.offset - b.offset);
  return { text, entities };
}

const MDV2_RESERVED = new Set('_*[]()~`>#+-=|{}.!'.split(''));

const MDV2_NAMES: Record<string, string> = {
  bold: 'Bold',
  italic: 'Italic',
  underline: 'Underline',
  strikethrough: 'Strikethrough',
  spoiler: 'Spoiler',
  code: 'Code',
  pre: 'Pre',
  text_link: 'TextUrl',
};

function parseMarkdownV2(source: string): FormattedText {
  let text = '';
  const entities: TgMessageEntity[] = [];
  const stack: { type: string; start: number; sourceIndex: number }[] = [];
  let i = 0;
  const toggle = (type: string, width: number): void => {
    const top = stack[stack.length - 1];
    if (top?.type === type) {
      stack.pop();
      if (text.length > top.start)
        entities.push({ type, offset: top.start, length: text.length - top.start });
    } else {
      stack.push({ type, start: text.length, sourceIndex: i });
    }
    i += width;
  };
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\\') {
      const next = source[i + 1];
      if (next !== undefined && next.charCodeAt(0) > 0 && next.charCodeAt(0) < 127) {
        text += next;
        i += 2;
        continue;
      }
    }
    if (ch === '`') {
      const isPre = source.startsWith('```', i);
      const fence = isPre ? '```' : '`';
      const start = i;
      let j = i + fence.length;
      let language: string | undefined;
      if (isPre) {
        const newline = source.indexOf('\n', j);
        const firstLine = newline === -1 ? '' : source.slice(j, newline);
        if (newline !== -1 && /^[a-zA-Z0-9_+-]*$/.test(firstLine)) {
          language = firstLine || undefined;
          j = newline + 1;
        }
      }
      let content = '';
      let closed = false;
      while (j < source.length) {
        if (source[j] === '\\' && j + 1 < source.length) {
          content += source[j + 1];
          j += 2;
          continue;
        }
        if (source.startsWith(fence, j)) {
          closed = true;
          break;
        }
        content += source[j];
        j += 1;
      }
      if (!closed) {
        throw cantParse(
          `Can't find end of ${isPre ? 'Pre' : 'Code'} entity at byte offset ${byteOffset(source, start)}`,
        );
      }
      if (content.length > 0) {
        const entity: TgMessageEntity = {
          type: isPre ? 'pre' : 'code',
          offset: text.length,
          length: content.length,
        };
        if (language) entity.language = language;
        entities.push(entity);
      }
      text += content;
      i = j + fence.length;
      continue;
    }
    if (ch === '*') {
      toggle('bold', 1);
      continue;
    }
    if (ch === '~') {
      toggle('strikethrough', 1);
      continue;
    }
    if (ch === '_') {
      if (source.startsWith('__', i)) toggle('underline', 2);
      else toggle('italic', 1);
      continue;
    }
    if (ch === '|' && source[i + 1] === '|') {
      toggle('spoiler', 2);
      continue;
    }
    if (ch === '[') {
      stack.push({ type: 'text_link', start: text.length, sourceIndex: i });
      i += 1;
      continue;
    }
    if (ch === ']' && stack[stack.length - 1]?.type === 'text_link') {
      const open = stack.pop()!;
      if (source[i + 1] !== '(') {
        throw cantParse(`Character ']' is reserved and must be escaped with the preceding '\\'`);
      }
      const end = source.indexOf(')', i + 2);
      if (end === -1) {
        throw cantParse(`Can't find end of a URL at byte offset ${byteOffset(source, i + 1)}`);
      }
      const url = source.slice(i + 2, end).replace(/\\(.)/g, '$1');
      if (text.length > open.start) {
        entities.push({ type: 'text_link', offset: open.start, length: text.length - open.start, url });
      }
      i = end + 1;
      continue;
    }
    if (ch === '>' && (i === 0 || source[i - 1] === '\n')) {
      i += 1;
      continue;
    }
    if (MDV2_RESERVED.has(ch)) {
      throw cantParse(`Character '${ch}' is reserved and must be escaped with the preceding '\\'`);
    }
    text += ch;
    i += 1;
  }
  const unclosed = stack.pop();
  if (unclosed) {
    throw cantParse(
      `Can't find end of ${MDV2_NAMES[unclosed.type]} entity at byte offset ${byteOffset(source, unclosed.sourceIndex)}`,
    );
  }
  entities.sort((a, b) => a.offset - b.offset);
  return { text, entities };
}

function parseLegacyMarkdown(source: string): FormattedText {
  let text = '';
  const entities: TgMessageEntity[] = [];
  let i = 0;
  const markers: Record<string, string> = { '*': 'bold', _: 'italic', '`': 'code' };
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\\' && source[i + 1] !== undefined && '_*`['.includes(source[i + 1]!)) {
      text += source[i + 1];
      i += 2;
      continue;
    }
    const fence = source.startsWith('```', i) ? '```' : markers[ch] ? ch : ch === '[' ? ']' : undefined;
    if (fence === undefined) {
      text += ch;
      i += 1;
      continue;
    }
    const contentStart = i + (fence === '```' ? 3 : 1);
    const end = source.indexOf(fence, contentStart);
    if (end === -1) {
      throw cantParse(`Can't find end of the entity starting at byte offset ${byteOffset(source, i)}`);
    }
    const content = source.slice(contentStart, end);
    let next = end + fence.length;
    let entity: TgMessageEntity | undefined;
    if (fence === ']') {
      if (source[next] === '(') {
        const urlEnd = source.indexOf(')', next);
        if (urlEnd === -1) {
          throw cantParse(`Can't find end of the entity starting at byte offset ${byteOffset(source, i)}`);
        }
        entity = {
          type: 'text_link',
          offset: text.length,
          length: content.length,
          url: source.slice(next + 1, urlEnd),
        };
        next = urlEnd + 1;
      } else {
        text += `[${content}]`;
        i = next;
        continue;
      }
    } else {
      entity = {
        type: fence === '```' ? 'pre' : markers[fence]!,
        offset: text.length,
        length: content.length,
      };
    }
    if (content.length > 0) entities.push(entity);
    text += content;
    i = next;
  }
  return { text, entities };
}
