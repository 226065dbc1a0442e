import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { RawMode } from '../engine/types.js';
import { ConfigError } from './config-error.js';
import { type ConnectionConfig, connectionSecrets, resolveConnections } from './connections.js';
import { interpolateEnv } from './interpolate.js';
import { configSchema } from './schema.js';
import { issueToError } from './schema-issue.js';

export type { ConnectionConfig } from './connections.js';
export type { IdvkitConfigFile } from './schema.js';
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

/**
 * Validates a parsed config object: `${ENV}` interpolation, then {@link configSchema} (the first problem becomes
 * one line naming its path, what was expected and what was received), then the rules across keys.
 */
export function parseConfig(json: unknown, env: NodeJS.ProcessEnv = process.env): IdvkitConfig {
  const input = interpolateEnv(json, env);
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) throw issueToError(parsed.error);
  const file = parsed.data;
  // zod returns the shorthand's keys in the schema's order: keep the file's (it is the order of runs and output).
  const written = Object.keys((input as { providers?: object }).providers ?? {});
  const providers = Object.fromEntries(written.map((p) => [p, file.providers?.[p]]));
  const connections = resolveConnections({ providers, connections: file.connections });
  return {
    ...(file.database ? { database: file.database } : {}),
    dataDir: file.dataDir,
    raw: file.raw,
    lookbackMinutes: file.lookbackMinutes,
    reopenWindowDays: file.reopenWindowDays,
    batchSize: file.batchSize,
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
