import { setMaxListeners } from 'node:events';
import { type IdvDb, startRun } from '@idvkit/db';
import type { Logger } from '../output/logger.js';
import { concludeRun } from './conclude-run.js';
import { markAbandonedRuns } from './mark-abandoned-runs.js';
import { providerTotals } from './provider-totals.js';
import { withRunLocks } from './run-locks.js';
import { RunStop } from './run-stop.js';
import type { ConnectionStats, ProviderStats } from './stats.js';
import { syncProvider } from './sync-provider.js';
import type { ProviderSource, RawMode } from './types.js';

/** One connection ready to sync: its source (own client, credentials, rate limit), counters and concurrency. */
export interface PlannedConnection {
  /** The connection's name. */
  name: string;
  provider: string;
  source: ProviderSource;
  stats: ConnectionStats;
  concurrency: number;
}

/** Options of {@link runSync}. */
export interface RunSyncOptions {
  db: IdvDb;
  /** PGlite is single-process (guarded by a lock file); Postgres runs are guarded by advisory locks. */
  dbKind: 'postgres' | 'pglite';
  connections: PlannedConnection[];
  full?: boolean;
  since?: Date | null;
  dryRun?: boolean;
  raw?: RawMode;
  lookbackMs?: number;
  reopenWindowMs?: number;
  batchSize?: number;
  log: Logger;
  signal?: AbortSignal;
  now?: () => Date;
  /** Called with a connection's name and counters whenever they change. */
  onProgress?: (connection: string, stats: ConnectionStats) => void;
  /** A connection's listing is over: only fetches remain. */
  onListed?: (connection: string) => void;
}

/** The outcome of a run, as `sync --json` prints it. */
export interface SyncResult {
  runId: string;
  status: 'succeeded' | 'partial' | 'failed' | 'interrupted';
  /** Counters per connection. */
  connections: Record<string, ConnectionStats>;
  /** Totals per provider (the shape of `sync --json` before connections). */
  providers: Record<string, ProviderStats>;
}

/**
 * One sync run over every planned connection, in parallel. A connection that fails (bad credentials, list
 * errors) does not stop the others; the run is `partial` then, and `failed` only when every connection failed.
 * A lost database stops every connection: the run is recorded as `failed` if the database answers again in
 * time, and RunStoppedError is thrown either way.
 */
export async function runSync(o: RunSyncOptions): Promise<SyncResult> {
  const now = o.now ?? (() => new Date());
  const names = o.connections.map((c) => c.name);
  const providerNames = [...new Set(o.connections.map((c) => c.provider))];
  // Each fetch in flight listens on the run's signal (see withLinkedSignal): up to the sum of the connections'
  // concurrency, which may well pass Node's default warning threshold of 10.
  const stop = new RunStop(o.signal);
  const { signal } = stop;
  setMaxListeners(0, signal);
  const runId = o.dryRun
    ? 'dry-run'
    : (
        await startRun(o.db, {
          providers: providerNames,
          connections: names,
          options: { full: !!o.full, since: o.since ?? null },
        })
      ).runId;
  o.log.info('sync started', { runId, connections: names, full: !!o.full, dryRun: !!o.dryRun });

  // Postgres: one advisory lock per connection, all held on one database connection for the whole run (a second
  // run at the same time skips the connections this one holds). The key of a shorthand's connection is the one
  // older idvkit versions took for its provider. PGlite: the data-directory lock file already excludes a second
  // process.
  const lockKeys = o.dbKind === 'pglite' ? [] : o.connections.map((p) => `sync:${p.name}`);
  const runConnections = (acquired: ReadonlySet<string>) =>
    Promise.all(
      o.connections.map(async (p) => {
        const work = () =>
          syncProvider({
            db: o.db,
            connection: p.name,
            source: p.source,
            runId,
            stats: p.stats,
            concurrency: p.concurrency,
            batchSize: o.batchSize ?? 500,
            full: !!o.full,
            since: o.since ?? null,
            dryRun: !!o.dryRun,
            raw: o.raw ?? 'minimal',
            lookbackMs: o.lookbackMs ?? 60 * 60_000,
            reopenWindowMs: o.reopenWindowMs ?? 30 * 86_400_000,
            signal,
            log: o.log,
            now,
            onProgress: () => o.onProgress?.(p.name, p.stats),
            onListed: () => o.onListed?.(p.name),
            onFatal: stop.report,
          });
        if (o.dbKind === 'pglite' || acquired.has(`sync:${p.name}`)) {
          await work();
        } else {
          p.stats.status = 'skipped';
          p.stats.error = `another idvkit sync is running for connection ${p.name}; skipped`;
          o.log.warn('connection skipped', { connection: p.name, reason: p.stats.error });
        }
        o.onProgress?.(p.name, p.stats);
        o.log.info('connection finished', { connection: p.name, ...p.stats });
      }),
    );
  await markAbandonedRuns(o.db, o.dbKind, runId, !!o.dryRun, o.log);
  await withRunLocks(o.db, lockKeys, stop, runConnections);

  const connections = Object.fromEntries(o.connections.map((p) => [p.name, p.stats]));
  const statuses = o.connections.map((p) => p.stats.status);
  // Stopped by the caller's signal (SIGINT/SIGTERM): `interrupted`, whatever the connections had done so far.
  const status: SyncResult['status'] = o.signal?.aborted
    ? 'interrupted'
    : statuses.every((s) => s === 'succeeded')
      ? 'succeeded'
      : statuses.every((s) => s === 'failed')
        ? 'failed'
        : 'partial';
  const { databaseLost } = stop;
  if (databaseLost) o.log.error('database lost; run stopped', { runId, error: databaseLost.message });
  const result = await concludeRun(o.db, {
    runId,
    status,
    connections,
    providers: providerTotals(connections),
    error: errorSummary(o.connections),
    dryRun: !!o.dryRun,
    databaseLost,
  });
  o.log.info('sync finished', { runId, status });
  return result;
}

function errorSummary(connections: PlannedConnection[]): string | null {
  const errors = connections.filter((p) => p.stats.error).map((p) => `${p.name}: ${p.stats.error}`);
  return errors.length > 0 ? errors.join('; ') : null;
}
