import { schemaStatus } from '@idvkit/db';
import type { Command } from 'commander';
import { openMigratedDatabase } from '../cli/database.js';
import type { GlobalOptions } from '../cli/global-options.js';
import type { CliIO } from '../cli/io.js';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../output/logger.js';
import { migrateQueue } from '../worker/queue-schema.js';

export function registerMigrate(program: Command, io: CliIO): void {
  program
    .command('migrate')
    .description('apply pending database migrations (every other command also does this first)')
    .option('--json', 'print the result as JSON')
    .action(async (flags: { json?: boolean }, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const config = await loadConfig(global.config, { optional: true, env: io.env });
      const handle = await openMigratedDatabase(config, global, io);
      try {
        // Postgres also gets graphile-worker's schema, for `idvkit worker` (the embedded database has no worker).
        const url = global.database ?? config.database ?? (io.env.DATABASE_URL || undefined);
        if (handle.kind === 'postgres' && url)
          await migrateQueue(url, createLogger({ write: io.stderr, level: global.logLevel ?? 'warn' }));
        const status = await schemaStatus(handle.db);
        io.stdout(
          flags.json
            ? `${JSON.stringify({ database: handle.description, version: status.current })}\n`
            : `${handle.description}: schema at version ${status.current} (latest ${status.latest})\n`,
        );
      } finally {
        await handle.close();
      }
    });
}
