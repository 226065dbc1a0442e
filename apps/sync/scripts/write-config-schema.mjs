// Writes idvkit.config.schema.json (into this package, which publishes it, and the repo root) from the zod
// schema in dist/config/schema.js: run `pnpm --filter @idvkit/cli build` first. test/config-schema.test.ts
// fails when the committed files are stale.
import { writeFileSync } from 'node:fs';
import { configJsonSchemaText } from '../dist/config/json-schema.js';

const text = configJsonSchemaText();
for (const target of ['../idvkit.config.schema.json', '../../../idvkit.config.schema.json']) {
  writeFileSync(new URL(target, import.meta.url), text);
}
