import { setMaxListeners } from 'node:events';
import { type IdvDb, startRun } from '@idvkit/db';
import type { Logger } from '../output/logger.js';
import { concludeRun } from './conclude-run.js';
import { markAbandonedRuns } from './mark-abandoned-runs.js';
import { withRunLocks } from './run-locks.js';
import { RunStop } from './run-stop.js';
import type { ProviderStats } from './stats.js';
import { syncProvider } from './sync-provider.js';
import type { ProviderSource, RawMode } from './types.js';

/** One provider ready to sync: its source, its counters and its concurrency. */
export interface PlannedProvider {
  name: string;
  source: ProviderSource;
  stats: ProviderStats;
  concurrency: number;
}

/** Options of {@link runSync}. */
export interface RunSyncOptions {
  db: IdvDb;
  /** PGlite is single-process (guarded by a lock file); Postgres runs are guarded by advisory locks. */
  dbKind: 'postgres' | 'pglite';
  providers: PlannedProvider[];
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
  onProgress?: (provider: string, stats: ProviderStats) => void;
}

/** The outcome of a run, as `sync --json` prints it. */
export interface SyncResult {
  runId: string;
  status: 'succeeded' | 'partial' | 'failed' | 'interrupted';
  providers: Record<string, ProviderStats>;
}

/**
 * One sync run over every planned provider, in parallel. A provider that fails (bad credentials, list errors)
 * does not stop the others; the run is `partial` then, and `failed` only when every provider failed. A lost
 * database stops every provider: the run is recorded as `failed` if the database answers again in time, and
 * RunStoppedError is thrown either way.
 */
export async function runSync(o: RunSyncOptions): Promise<SyncResult> {
  const now = o.now ?? (() => new Date());
  const names = o.providers.map((p) => p.name);
  // Each fetch in flight listens on the run's signal (see withLinkedSignal): up to the sum of the providers'
  // concurrency, which may well pass Node's default warning threshold of 10.
  const stop = new RunStop(o.signal);
  const { signal } = stop;
  setMaxListeners(0, signal);
  const runId = o.dryRun
    ? 'dry-run'
    : (await startRun(o.db, { providers: names, options: { full: !!o.full, since: o.since ?? null } })).runId;
  o.log.info('sync started', { runId, providers: names, full: !!o.full, dryRun: !!o.dryRun });

  // Postgres: one advisory lock per provider, all held on one connection for the whole run (a second run at
  // the same time skips the providers this one holds). PGlite: the data-directory lock file already excludes
  // a second process.
  const lockKeys = o.dbKind === 'pglite' ? [] : o.providers.map((p) => `sync:${p.name}`);
  const runProviders = (acquired: ReadonlySet<string>) =>
    Promise.all(
      o.providers.map(async (p) => {
        const work = () =>
          syncProvider({
            db: o.db,
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
            onFatal: stop.report,
          });
        if (o.dbKind === 'pglite' || acquired.has(`sync:${p.name}`)) {
          await work();
        } else {
          p.stats.status = 'skipped';
          p.stats.error = `another idvkit sync is running for ${p.name}; skipped`;
          o.log.warn('provider skipped', { provider: p.name, reason: p.stats.error });
        }
        o.onProgress?.(p.name, p.stats);
        o.log.info('provider finished', { provider: p.name, ...p.stats });
      }),
    );
  await markAbandonedRuns(o.db, o.dbKind, runId, !!o.dryRun, o.log);
  await withRunLocks(o.db, lockKeys, stop, runProviders);

  const providers = Object.fromEntries(o.providers.map((p) => [p.name, p.stats]));
  const statuses = o.providers.map((p) => p.stats.status);
  // Stopped by the caller's signal (SIGINT/SIGTERM): `interrupted`, whatever the providers had done so far.
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
    providers,
    error: errorSummary(o.providers),
    dryRun: !!o.dryRun,
    databaseLost,
  });
  o.log.info('sync finished', { runId, status });
  return result;
}

function errorSummary(providers: PlannedProvider[]): string | null {
  const errors = providers.filter((p) => p.stats.error).map((p) => `${p.name}: ${p.stats.error}`);
  return errors.length > 0 ? errors.join('; ') : null;
}
