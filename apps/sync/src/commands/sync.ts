import type { DbHandle } from '@idvkit/db';
import type { Command } from 'commander';
import { openMigratedDatabase } from '../cli/database.js';
import type { GlobalOptions } from '../cli/global-options.js';
import { followInterruption } from '../cli/interruption.js';
import type { CliIO } from '../cli/io.js';
import { parseIsoDate, parsePositiveInt } from '../cli/parse-flags.js';
import { signalExitCode } from '../cli/signal-exit.js';
import { ConfigError } from '../config/config-error.js';
import { PROVIDER_LIMITS } from '../config/limits.js';
import { type IdvkitConfig, listConnections, loadConfig } from '../config/load-config.js';
import { planConnections } from '../engine/plan.js';
import { RunStoppedError } from '../engine/run-stopped-error.js';
import { type PlannedConnection, runSync, type SyncResult } from '../engine/run-sync.js';
import type { ProviderStats } from '../engine/stats.js';
import { createLogger } from '../output/logger.js';
import { createProgress, wantsProgress } from '../output/progress.js';
import { formatSummary } from '../output/summary.js';
import { WatchedRateLimiter } from '../output/watched-rate-limiter.js';

/** Flags of `idvkit sync`. */
export interface SyncFlags {
  connection?: string[];
  provider?: string[];
  full?: boolean;
  since?: string;
  concurrency?: string;
  dryRun?: boolean;
  json?: boolean;
  /** `--no-progress`: false. */
  progress?: boolean;
}

export function registerSync(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('sync')
    .description('sync sessions of the configured connections into the database (incremental by default)')
    .option('--connection <names...>', 'only these connections (default: every connection in the config)')
    .option('--provider <names...>', "only these providers' connections (with --connection: either)")
    .option('--full', 'ignore checkpoints and re-read every session')
    .option('--since <iso>', 'only sessions created (or, for ComplyCube, updated) since this ISO 8601 time')
    .option('--concurrency <n>', 'concurrent detail requests per connection (default: per connection config)')
    .option('--dry-run', 'list, fetch and normalize, but write no data')
    .option('--json', 'print the run summary as one JSON object on stdout')
    .option('--no-progress', 'no live progress lines on a terminal (also: TERM=dumb)')
    .action(async (flags: SyncFlags, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const config = await loadConfig(global.config, { env: io.env });
      const interruption = followInterruption(io);
      const result = await syncCommand(config, flags, global, io, { signal: interruption.signal });
      const by = interruption.by;
      if (result.status === 'interrupted' && by) {
        io.stderr(`idvkit: interrupted by ${by}; run ${result.runId} recorded as interrupted\n`);
        setExit(signalExitCode(by));
      } else setExit(result.status === 'succeeded' ? 0 : 1);
    });
}

/** Validates the flags against the config, then runs one sync. All validation happens before anything is written. */
export async function syncCommand(
  config: IdvkitConfig,
  flags: SyncFlags,
  global: GlobalOptions,
  io: CliIO,
  extra: {
    fetch?: typeof fetch;
    http?: Parameters<typeof planConnections>[1]['http'];
    handle?: DbHandle;
    /** Stops the run (the user interrupted): it is then recorded as `interrupted`. */
    signal?: AbortSignal;
    /** The run's clock (tests move it to make sessions due for a poll). */
    now?: () => Date;
  } = {},
): Promise<SyncResult> {
  const since = flags.since === undefined ? null : parseIsoDate('--since', flags.since);
  const concurrency =
    flags.concurrency === undefined
      ? undefined
      : parsePositiveInt('--concurrency', flags.concurrency, PROVIDER_LIMITS.concurrency.max);
  if (config.connections.length === 0) {
    throw new ConfigError(
      'config.connections: expected at least one connection (or providers entry) to sync, received none',
    );
  }
  const entries = listConnections(config, {
    ...(flags.connection ? { connections: flags.connection } : {}),
    ...(flags.provider ? { providers: flags.provider } : {}),
  });
  const limiters = new Map<string, WatchedRateLimiter>();
  const progress = wantsProgress(io, flags)
    ? createProgress(
        io.stderr,
        entries.map((e) => e.name),
        { state: (name) => ({ rateLimited: limiters.get(name)?.waiting ?? false }) },
      )
    : undefined;
  // On a terminal, warnings and errors print above the progress lines; info lines are for logs (--log-level).
  const log = createLogger({
    write: progress ? progress.log : io.stderr,
    level: global.logLevel ?? (io.isTTY ? 'warn' : 'info'),
    secrets: config.secrets,
  });
  const connections = planConnections(entries, {
    log,
    ...(extra.fetch ? { fetch: extra.fetch } : {}),
    ...(extra.http ? { http: extra.http } : {}),
    ...(concurrency ? { concurrency } : {}),
    rateLimiter: (name, requestsPerSecond) => {
      const limiter = new WatchedRateLimiter({ requestsPerSecond });
      limiters.set(name, limiter);
      return limiter;
    },
  });
  const handle = extra.handle ?? (await openMigratedDatabase(config, global, io));
  let failed = false;
  try {
    const result = await runSync({
      db: handle.db,
      dbKind: handle.kind,
      connections,
      full: !!flags.full,
      since,
      dryRun: !!flags.dryRun,
      raw: config.raw,
      lookbackMs: config.lookbackMinutes * 60_000,
      reopenWindowMs: config.reopenWindowDays * 86_400_000,
      batchSize: config.batchSize,
      log,
      onProgress: (name, stats) => progress?.update(name, stats),
      onListed: (name) => progress?.listed(name),
      ...(extra.signal ? { signal: extra.signal } : {}),
      ...(extra.now ? { now: extra.now } : {}),
    });
    progress?.done();
    const hints = feedHints(connections, result);
    const dryRun = !!flags.dryRun;
    io.stdout(
      flags.json
        ? `${JSON.stringify(jsonSummary(result, undefined, { dryRun, hints }))}\n`
        : formatSummary(result, { dryRun, hints }),
    );
    return result;
  } catch (err) {
    failed = true;
    progress?.done();
    // A run the lost database stopped still shows what it did; the CLI then prints the reason as one line.
    if (err instanceof RunStoppedError)
      io.stdout(
        flags.json
          ? `${JSON.stringify(jsonSummary(err.result, err.message, { dryRun: !!flags.dryRun, hints: {} }))}\n`
          : formatSummary(err.result, { dryRun: !!flags.dryRun, hints: {} }),
      );
    throw err;
  } finally {
    // Closing a pool whose server is gone may fail too: that must not hide why the run failed.
    if (!extra.handle)
      await handle.close().catch((err: unknown) => (failed ? undefined : Promise.reject(err)));
  }
}

/**
 * How to feed each connection whose provider has no list endpoint (Yoti) and that found nothing to fetch: it
 * learns of sessions only from webhooks, notifications or `enqueue`, so "listed 0" alone would read as success.
 */
function feedHints(connections: readonly PlannedConnection[], r: SyncResult): Record<string, string> {
  const hints: Record<string, string> = {};
  for (const c of connections) {
    const s = r.connections[c.name];
    if (c.source.discovery !== 'queue' || !s || s.listed > 0) continue;
    hints[c.name] =
      `no ${c.provider} session ids known yet: ${c.provider} has no list endpoint, so feed them with webhooks (a "webhooks" block and idvkit serve or worker), idvkit notifications, or idvkit enqueue ${c.provider} <ids>`;
  }
  return hints;
}

/**
 * `{runId, status, dryRun?, connections: {<name>: {provider, …, hint?}}, providers: {<provider>: totals}}`. In a
 * dry run nothing is written, so `upserted` becomes `wouldWrite`.
 */
function jsonSummary(
  r: SyncResult,
  error: string | undefined,
  opts: { dryRun: boolean; hints: Record<string, string> },
) {
  return {
    runId: r.runId,
    status: r.status,
    ...(opts.dryRun ? { dryRun: true } : {}),
    ...(error ? { error } : {}),
    connections: Object.fromEntries(
      Object.entries(r.connections).map(([name, s]) => [
        name,
        {
          provider: s.provider,
          ...counters(s, opts.dryRun),
          ...(opts.hints[name] ? { hint: opts.hints[name] } : {}),
        },
      ]),
    ),
    providers: Object.fromEntries(
      Object.entries(r.providers).map(([name, s]) => [name, counters(s, opts.dryRun)]),
    ),
  };
}

function counters(s: ProviderStats, dryRun: boolean) {
  return {
    status: s.status,
    listed: s.listed,
    fetched: s.fetched,
    unchanged: s.unchanged,
    ...(dryRun ? { wouldWrite: s.upserted } : { upserted: s.upserted }),
    failed: s.failed,
    requests: s.requests,
    deleted: s.deleted,
    givenUp: s.givenUp,
    stale: s.stale,
    unmapped: s.unmapped,
    ...(s.error ? { error: s.error } : {}),
  };
}
