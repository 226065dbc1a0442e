import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { RawMode } from '../engine/types.js';
import { ConfigError } from './config-error.js';
import { type ConnectionConfig, connectionSecrets, parseConnections } from './connections.js';
import { Fields } from './fields.js';
import { interpolateEnv } from './interpolate.js';

export type { ConnectionConfig } from './connections.js';
export { type ConnectionSelection, listConnections } from './select-connections.js';

/** idvkit.config.json, validated. */
export interface IdvkitConfig {
  /** Postgres URL; absent → DATABASE_URL, then embedded PGlite at `dataDir`. */
  database?: string;
  dataDir: string;
  raw: RawMode;
  lookbackMinutes: number;
  reopenWindowDays: number;
  batchSize: number;
  /** Every connection: `connections.<name>`, and one per `providers.<provider>` (the shorthand). */
  connections: ConnectionConfig[];
  /** Every secret value of the config (credentials, webhook secrets), for log redaction. */
  secrets: string[];
}

export const DEFAULT_CONFIG_FILE = 'idvkit.config.json';
const TOP_KEYS = [
  '$schema',
  'database',
  'dataDir',
  'raw',
  'lookbackMinutes',
  'reopenWindowDays',
  'batchSize',
  'providers',
  'connections',
];

/** Validates a parsed config object (after `${ENV}` interpolation). */
export function parseConfig(json: unknown, env: NodeJS.ProcessEnv = process.env): IdvkitConfig {
  const top = Fields.of(interpolateEnv(json, env), 'config').only(TOP_KEYS);
  const connections = parseConnections(top);
  const database = top.optionalString('database');
  if (database && !/^postgres(ql)?:\/\//.test(database)) {
    throw new ConfigError(
      'config.database: expected a postgres:// or postgresql:// URL, received another kind of value',
    );
  }
  return {
    ...(database ? { database } : {}),
    dataDir: top.optionalString('dataDir') ?? '.idvkit/pgdata',
    raw: top.oneOf('raw', ['minimal', 'full', 'none'] as const, 'minimal'),
    lookbackMinutes: top.positiveNumber('lookbackMinutes', 60),
    reopenWindowDays: top.positiveNumber('reopenWindowDays', 30),
    batchSize: top.positiveNumber('batchSize', 500, { integer: true }),
    connections,
    secrets: connections.flatMap(connectionSecrets),
  };
}

/**
 * Reads and validates the config file: `--config PATH`, else ./idvkit.config.json. With `optional`, a missing
 * default file yields an empty config (commands that only need the database).
 */
export async function loadConfig(
  path: string | undefined,
  opts: { optional?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<IdvkitConfig> {
  const file = resolve(path ?? DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !path && opts.optional) return parseConfig({}, opts.env);
    throw new ConfigError(
      code === 'ENOENT'
        ? `config: expected a config file at ${file}, but there is none (create idvkit.config.json or pass --config <path>)`
        : `config: could not read ${file} (${code ?? 'error'})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // V8's message quotes the text around the error, which may hold a secret: report the position only.
    const at = /position (\d+)/.exec((err as Error).message)?.[1];
    const where = at === undefined ? '' : ` at ${lineCol(text, Number(at))}`;
    throw new ConfigError(
      `config: expected valid JSON in ${file}, received text that does not parse${where}`,
    );
  }
  return parseConfig(json, opts.env);
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}
