import { describe, expect, it } from '@jest/globals';
import { ownerReplyText } from '../../../../src/core/presenters/slack/owner-reply-prefix.js';
import { threadIntro } from '../../../../src/core/presenters/slack/thread-texts.js';

describe('ownerReplyText', () => {
  it.each([
    ['to owner: The plumber comes at 3.', 'The plumber comes at 3.'],
    ['  To Owner:  hello ', 'hello'],
    ['给业主:师傅下午到', '师傅下午到'],
    ['给业主：师傅下午到', '师傅下午到'],
  ])('relays %p', (reply, text) => {
    expect(ownerReplyText(reply)).toBe(text);
  });

  it.each(['checked, it is the valve', 'note to owner: later', 'to owner:', 'to owner:   '])(
    'keeps %p as an internal note',
    (reply) => {
      expect(ownerReplyText(reply)).toBeUndefined();
    },
  );

  it('uses the prefixes the thread intro documents', () => {
    expect(threadIntro()).toContain('`to owner:`');
    expect(threadIntro()).toContain('给业主');
  });
});
