import { describe, expect, it } from '@jest/globals';
import { SPECIALTIES } from '../../src/core/taxonomy.js';

describe('taxonomy', () => {
  it('names the front desk as the general specialty', () => {
    expect(SPECIALTIES).toContain('general');
  });
});
