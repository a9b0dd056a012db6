import { describe, expect, it } from '@jest/globals';
import { escapeMrkdwn } from '../../../../src/core/presenters/slack/escape-mrkdwn.js';
import { escapedExcerpt } from '../../../../src/core/presenters/slack/escaped-excerpt.js';
import { unescapeMrkdwn } from '../../../../src/core/presenters/slack/unescape-mrkdwn.js';

describe('escapeMrkdwn', () => {
  it('replaces the three control characters and nothing else', () => {
    expect(escapeMrkdwn('<!channel> & <@U123> <https://evil.example|bank>')).toBe(
      '&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://evil.example|bank&gt;',
    );
    expect(escapeMrkdwn('*bold* _it_ ~s~ `c` "q" \'a\' 漏水 😀')).toBe(
      '*bold* _it_ ~s~ `c` "q" \'a\' 漏水 😀',
    );
  });

  it('escapes an ampersand that looks like an entity, so the owner sees what they typed', () => {
    expect(escapeMrkdwn('&amp;')).toBe('&amp;amp;');
  });

  it('is undone by unescapeMrkdwn', () => {
    const text = 'A & B <c> &amp; d';
    expect(unescapeMrkdwn(escapeMrkdwn(text))).toBe(text);
  });
});

describe('escapedExcerpt', () => {
  it('never cuts an entity in half', () => {
    const { text, truncated } = escapedExcerpt('&&&&&&&&&&', 12);
    expect(truncated).toBe(true);
    expect(text).toBe('&amp;&amp;…');
  });

  it('leaves a short text whole', () => {
    expect(escapedExcerpt('a < b', 100)).toEqual({ text: 'a &lt; b', truncated: false });
  });
});
