import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { CONFIG_SCHEMA_FILE, CONFIG_SCHEMA_URL } from '../config/json-schema.js';

/**
 * What a new config's `$schema` points at: the copy in a local `node_modules/@idvkit/cli` when the config's
 * directory (or a parent) has one, so editors work offline and match the installed version; else the published
 * file of this version.
 */
export function schemaRef(configFile: string): string {
  let dir = dirname(configFile);
  for (;;) {
    const local = join(dir, 'node_modules', '@idvkit', 'cli', CONFIG_SCHEMA_FILE);
    if (existsSync(local)) {
      const rel = relative(dirname(configFile), local).split('\\').join('/');
      return rel.startsWith('.') ? rel : `./${rel}`;
    }
    const parent = dirname(dir);
    if (parent === dir) return CONFIG_SCHEMA_URL;
    dir = parent;
  }
}
