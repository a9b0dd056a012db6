import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { settingsSchema } from '../src/config/settings-schema.js';

const schema = z.toJSONSchema(settingsSchema, { io: 'input', unrepresentable: 'any' });
writeFileSync(
  new URL('../config.schema.json', import.meta.url),
  `${JSON.stringify({ title: 'Concierge settings (CONFIG_FILE)', ...schema }, null, 2)}\n`,
);
console.log('wrote config.schema.json');
