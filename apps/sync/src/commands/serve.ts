import type { Command } from 'commander';
import { openMigratedDatabase } from '../cli/database.js';
import type { GlobalOptions } from '../cli/global-options.js';
import type { CliIO } from '../cli/io.js';
import { parsePositiveInt } from '../cli/parse-flags.js';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { startServiceHttp } from '../http/service.js';
import { webhookConnections } from '../http/webhooks/connections.js';
import { createLogger } from '../output/logger.js';
import { migrateQueue } from '../worker/queue-schema.js';

/**
 * `idvkit serve`: only the service's HTTP port (webhooks in, /healthz, /readyz, /metrics), without running jobs;
 * `idvkit worker` runs the queued jobs. Postgres only: the embedded database admits one process at a time.
 */
export function registerServe(program: Command, io: CliIO): void {
  program
    .command('serve')
    .description(
      'receive webhooks of every provider with a "webhooks" block, and serve /healthz, /readyz, /metrics (Postgres only)',
    )
    .option('--http-port <n>', 'port to listen on', '8788')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .action(async (flags: { httpPort: string; host: string }, cmd: Command) => {
      const port = parsePositiveInt('--http-port', flags.httpPort);
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const config = await loadConfig(global.config, { env: io.env });
      const databaseUrl = global.database ?? config.database ?? (io.env.DATABASE_URL || undefined);
      if (!databaseUrl) {
        throw new ConfigError(
          'serve: expected a Postgres database (--database, config "database" or DATABASE_URL), received none: the embedded database admits one process at a time',
        );
      }
      const connections = webhookConnections(config);
      if (connections.length === 0) {
        throw new ConfigError(
          'config.connections.<name>.webhooks: expected at least one connection that receives webhooks, received none',
        );
      }
      const log = createLogger({ write: io.stderr, level: global.logLevel, secrets: config.secrets });
      const handle = await openMigratedDatabase(config, { ...global, database: databaseUrl }, io);
      try {
        await migrateQueue(databaseUrl, log);
        const http = await startServiceHttp({ db: handle.db, connections, log, port, host: flags.host });
        io.stdout(
          `receiving webhooks on ${connections.map((c) => `${http.url}/webhooks/${encodeURIComponent(c.name)}`).join(', ')} (Ctrl-C to stop)\n`,
        );
        await (io.interrupted ?? new Promise<void>(() => undefined));
        await http.close();
      } finally {
        await handle.close();
      }
      io.stdout('stopped\n');
    });
}
