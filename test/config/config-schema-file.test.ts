import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { settingsSchema } from '../../src/config/settings-schema.js';

describe('config.schema.json', () => {
  it('is the JSON Schema generated from the settings schema (run npm run schema after changing it)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../config.schema.json', import.meta.url), 'utf8'));
    const generated = z.toJSONSchema(settingsSchema, { io: 'input', unrepresentable: 'any' });
    expect(committed).toEqual({ title: 'Concierge settings (CONFIG_FILE)', ...generated });
  });
});
