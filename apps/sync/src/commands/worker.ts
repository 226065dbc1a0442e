import type { Command } from 'commander';
import { openMigratedDatabase } from '../cli/database.js';
import type { GlobalOptions } from '../cli/global-options.js';
import type { CliIO } from '../cli/io.js';
import { parsePositiveInt } from '../cli/parse-flags.js';
import { ConfigError } from '../config/config-error.js';
import type { IdvkitConfig } from '../config/load-config.js';
import { loadConfig } from '../config/load-config.js';
import type { SourceContext } from '../engine/types.js';
import { type ServiceHttp, startServiceHttp } from '../http/service.js';
import { webhookConnections } from '../http/webhooks/connections.js';
import { createLogger } from '../output/logger.js';
import { workerConnections } from '../worker/connection.js';
import { migrateQueue } from '../worker/queue-schema.js';
import { runWorker } from '../worker/run-worker.js';
import { createWorkerContext } from '../worker/worker-context.js';

/** Flags of `idvkit worker`. */
export interface WorkerFlags {
  concurrency?: string;
  connection?: string[];
  gracePeriod?: string;
  fetchBatch?: string;
  fetchAttempts?: string;
  httpPort?: string;
  host?: string;
}

export function registerWorker(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('worker')
    .description(
      'run the long-lived worker: scheduled syncs and fetches from a queue in Postgres (any number of processes)',
    )
    .option('--concurrency <n>', 'jobs this process runs at once (default 4)')
    .option(
      '--connection <names...>',
      "take only these connections' jobs and schedules (default: every connection in the config)",
    )
    .option('--grace-period <seconds>', 'on SIGTERM/SIGINT, how long running jobs may finish (default 25)')
    .option('--fetch-batch <n>', 'sessions per fetch job a sync queues (default 25)')
    .option(
      '--fetch-attempts <n>',
      'attempts of a failing fetch before it goes to idv.sync_errors (default 5)',
    )
    .option(
      '--http-port <port>',
      'serve webhooks, /healthz, /readyz and /metrics on this port (as `serve` does)',
    )
    .option('--host <host>', 'address the HTTP port binds (default 127.0.0.1; 0.0.0.0 in a container)')
    .action(async (flags: WorkerFlags, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const config = await loadConfig(global.config, { env: io.env });
      await workerCommand(config, flags, global, io);
      setExit(0);
    });
}

/**
 * Validates the flags, migrates both schemas, starts the HTTP port when asked (`--http-port`: webhooks, /healthz,
 * /readyz, /metrics), then runs the worker until the first SIGINT/SIGTERM: jobs finish or are released within the
 * grace period, then the HTTP port closes.
 */
export async function workerCommand(
  config: IdvkitConfig,
  flags: WorkerFlags,
  global: GlobalOptions,
  io: CliIO,
  extra: { fetch?: typeof fetch; http?: SourceContext['http']; onReady?: () => void } = {},
): Promise<void> {
  const concurrency =
    flags.concurrency === undefined ? 4 : parsePositiveInt('--concurrency', flags.concurrency, 100);
  const graceSeconds =
    flags.gracePeriod === undefined ? 25 : parsePositiveInt('--grace-period', flags.gracePeriod, 3600);
  const fetchBatchSize =
    flags.fetchBatch === undefined ? 25 : parsePositiveInt('--fetch-batch', flags.fetchBatch, 1000);
  const fetchAttempts =
    flags.fetchAttempts === undefined ? 5 : parsePositiveInt('--fetch-attempts', flags.fetchAttempts, 100);
  const httpPort = flags.httpPort === undefined ? undefined : parsePort(flags.httpPort);
  if (flags.host !== undefined && httpPort === undefined) {
    throw new ConfigError(`--host: expected --http-port with it, received --host ${flags.host} alone`);
  }
  const databaseUrl = global.database ?? config.database ?? (io.env.DATABASE_URL || undefined);
  if (!databaseUrl) {
    throw new ConfigError(
      'idvkit worker: expected a Postgres database (--database, config "database" or DATABASE_URL), received the embedded database, which allows one process at a time',
    );
  }
  const all = workerConnections(config);
  for (const name of flags.connection ?? []) {
    if (!all.some((c) => c.name === name)) {
      throw new ConfigError(
        `--connection: expected one of the configured connections (${all.map((c) => c.name).join(', ')}), received "${name}"`,
      );
    }
  }
  const connections = flags.connection ? all.filter((c) => flags.connection!.includes(c.name)) : all;
  if (connections.length === 0) {
    throw new ConfigError('config.providers: expected at least one connection for the worker, received none');
  }
  const log = createLogger({ write: io.stderr, level: global.logLevel ?? 'info', secrets: config.secrets });
  const handle = await openMigratedDatabase(config, { ...global, database: databaseUrl }, io);
  let http: ServiceHttp | undefined;
  try {
    await migrateQueue(databaseUrl, log);
    if (httpPort !== undefined) {
      // Every configured connection with a `webhooks` block is received, whichever `--connection` runs jobs here.
      http = await startServiceHttp({
        db: handle.db,
        connections: webhookConnections(config),
        log,
        port: httpPort,
        host: flags.host ?? '127.0.0.1',
      });
      log.info('http port listening', { url: http.url });
    }
    const ctx = createWorkerContext({
      db: handle.db,
      log,
      config,
      connections,
      fetchBatchSize,
      fetchAttempts,
      ...(extra.fetch ? { fetch: extra.fetch } : {}),
      ...(extra.http ? { http: extra.http } : {}),
    });
    await runWorker({
      databaseUrl,
      ctx,
      connections,
      concurrency,
      gracePeriodMs: graceSeconds * 1000,
      stop: io.interrupted ?? new Promise(() => undefined),
      log,
      ...(extra.onReady ? { onReady: extra.onReady } : {}),
    });
  } finally {
    // After the jobs: deliveries that arrive during the grace period are still stored and queued.
    await http?.close();
    await handle.close();
  }
}

/** `--http-port`: 0 (any free port, logged) to 65535. */
function parsePort(value: string): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65_535)) {
    throw new ConfigError(`--http-port: expected a port number 0-65535, received "${value.slice(0, 20)}"`);
  }
  return port;
}
