import { readFile } from 'node:fs/promises';
import { enqueueDiscovered } from '@idvkit/db';
import { describeValue, isSafeId, SAFE_ID_RULE } from '@idvkit/http';
import type { Command } from 'commander';
import { openMigratedDatabase } from '../cli/database.js';
import type { GlobalOptions } from '../cli/global-options.js';
import type { CliIO } from '../cli/io.js';
import { ConfigError } from '../config/config-error.js';
import { type IdvkitConfig, loadConfig } from '../config/load-config.js';

/** Providers whose sessions are discovered through idv.discovered_sessions rather than a list endpoint. */
const QUEUE_PROVIDERS = ['yoti'];

export function registerEnqueue(program: Command, io: CliIO): void {
  program
    .command('enqueue')
    .description('add session ids for a provider without a list endpoint (Yoti); the next sync fetches them')
    .argument('<provider>', `one of ${QUEUE_PROVIDERS.join(', ')}`)
    .argument('[ids...]', 'session ids')
    .option('--file <path>', 'read ids from a file, one per line (# comments and blank lines ignored)')
    .option(
      '--connection <name>',
      'the connection (account) the ids belong to; needed when several of the provider are configured',
    )
    .action(async (provider: string, ids: string[], flags: EnqueueFlags, cmd: Command) => {
      if (!QUEUE_PROVIDERS.includes(provider)) {
        throw new ConfigError(
          `enqueue: expected a provider without a list endpoint (${QUEUE_PROVIDERS.join(', ')}), received "${provider}"`,
        );
      }
      const all = [...ids, ...(flags.file ? await idsFromFile(flags.file) : [])];
      if (all.length === 0)
        throw new ConfigError('enqueue: expected session ids as arguments or --file, received none');
      const bad = all.find((id) => !isSafeId(id));
      if (bad !== undefined) {
        throw new ConfigError(
          `enqueue: expected each session id to be ${SAFE_ID_RULE}, received ${describeValue(bad)}`,
        );
      }
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const config = await loadConfig(global.config, { optional: true, env: io.env });
      const connection = connectionFor(config, provider, flags.connection);
      const handle = await openMigratedDatabase(config, global, io);
      try {
        const n = await enqueueDiscovered(
          handle.db,
          provider,
          [...new Set(all)].map((sessionId) => ({ sessionId, source: flags.file ? 'file' : 'cli' })),
          new Date(),
          connection,
        );
        io.stdout(
          `enqueued ${n} ${provider} session id(s) for connection ${connection}; run \`idvkit sync --connection ${connection}\` to fetch them\n`,
        );
      } finally {
        await handle.close();
      }
    });
}

interface EnqueueFlags {
  file?: string;
  connection?: string;
}

/**
 * The connection the ids are recorded for (only it fetches them): `--connection` (a configured connection of
 * the provider, when there is a config), else the provider's only configured connection, else the provider's
 * name (the `providers` shorthand's connection). Several and no `--connection`: a config error naming them.
 */
function connectionFor(config: IdvkitConfig, provider: string, name: string | undefined): string {
  const mine = config.connections.filter((c) => c.provider === provider).map((c) => c.name);
  if (name !== undefined) {
    if (config.connections.length > 0 && !mine.includes(name)) {
      throw new ConfigError(
        `--connection: expected a configured ${provider} connection (${mine.join(', ') || 'none'}), received ${JSON.stringify(name.slice(0, 80))}`,
      );
    }
    return name;
  }
  if (mine.length > 1) {
    throw new ConfigError(
      `--connection: expected the ${provider} connection the ids belong to (${mine.join(', ')}), received none`,
    );
  }
  return mine[0] ?? provider;
}

async function idsFromFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `--file: expected a readable file, received ${path} (${(err as NodeJS.ErrnoException).code})`,
    );
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}
