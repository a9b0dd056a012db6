import { describe, expect, it } from '@jest/globals';
import { isSkipAnswer } from '../../../src/core/messages/is-skip-answer.js';

describe('isSkipAnswer', () => {
  it.each(['skip', ' Skip ', 'SKIP.', '/skip', '跳过', '“跳过”', '跳过。'])(
    'takes %p as skipping',
    (answer) => {
      expect(isSkipAnswer(answer)).toBe(true);
    },
  );

  it.each(['Skipper Lee', '1502', '3号楼', 'skip it please'])('takes %p as an answer', (answer) => {
    expect(isSkipAnswer(answer)).toBe(false);
  });
});
