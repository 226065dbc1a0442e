import { createHash } from 'node:crypto';
import { MIGRATIONS } from '../migrations/index.js';

/** A short hash of every migration's SQL: test templates are rebuilt whenever the schema changes. */
export function schemaHash(): string {
  return createHash('sha256').update(JSON.stringify(MIGRATIONS)).digest('hex').slice(0, 12);
}
