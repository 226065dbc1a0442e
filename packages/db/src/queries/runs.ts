import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { IdvDb } from '../database.js';
import { toJsonColumn } from '../load/json-param.js';

/**
 * Final status of a run; `partial` = some providers failed or quarantined records; `interrupted` = stopped by
 * SIGINT/SIGTERM; `abandoned` = its process died while `running` (marked so by a later run).
 */
export type RunStatus = 'succeeded' | 'partial' | 'failed' | 'interrupted' | 'abandoned';

/** A row of `idv.sync_runs`. */
export interface RunSummary {
  runId: string;
  startedAt: Date;
  finishedAt: Date | null;
  status: RunStatus | 'running';
  providers: string[];
  /** The connections the run covered (runs before migration 005: their providers). */
  connections: string[];
  /** Per-provider totals. */
  stats: unknown;
  /** Per-connection counters; null for runs before migration 005 (their `stats` is per connection already). */
  connectionStats: unknown;
  error: string | null;
}

/**
 * Records the start of a sync run (status `running`); `providers` are the providers it covers, `connections`
 * its connections (absent → one per provider, named after it).
 */
export async function startRun(
  db: IdvDb,
  opts: { providers: string[]; connections?: string[]; options: unknown },
): Promise<{ runId: string }> {
  const runId = randomUUID();
  await db
    .insertInto('idv.sync_runs')
    .values({
      run_id: runId,
      status: 'running',
      providers: opts.providers,
      connections: opts.connections ?? opts.providers,
      options: toJsonColumn(opts.options),
    })
    .execute();
  return { runId };
}

/**
 * Records the end of a run. `stats` is keyed by provider: `{ "<provider>": { status, … } }`;
 * `connectionStats` by connection: `{ "<connection>": { provider, status, … } }`.
 */
export async function finishRun(
  db: IdvDb,
  runId: string,
  result: { status: RunStatus; stats: unknown; connectionStats?: unknown; error?: string | null },
): Promise<void> {
  const { numUpdatedRows } = await db
    .updateTable('idv.sync_runs')
    .set((eb) => ({
      finished_at: eb.fn('now'),
      status: result.status,
      stats: toJsonColumn(result.stats),
      connection_stats: toJsonColumn(result.connectionStats),
      error: result.error ?? null,
    }))
    .where('run_id', '=', runId)
    .executeTakeFirst();
  if (numUpdatedRows === 0n) throw new Error(`finishRun: no sync run with id ${runId} in idv.sync_runs`);
}

/** The latest runs, newest first; `filter` keeps runs started in [since, until) that covered the provider or connection. */
export async function listRuns(
  db: IdvDb,
  limit: number,
  filter: { since?: Date; until?: Date; provider?: string; connection?: string } = {},
): Promise<RunSummary[]> {
  const rows = await db
    .selectFrom('idv.sync_runs')
    .$if(filter.since !== undefined, (q) => q.where('started_at', '>=', filter.since!))
    .$if(filter.until !== undefined, (q) => q.where('started_at', '<', filter.until!))
    .$if(filter.provider !== undefined, (q) => q.where(sql<boolean>`${filter.provider} = ANY (providers)`))
    .$if(filter.connection !== undefined, (q) =>
      q.where(sql<boolean>`${filter.connection} = ANY (connections)`),
    )
    .select([
      'run_id',
      'started_at',
      'finished_at',
      'status',
      'providers',
      'connections',
      'stats',
      'connection_stats',
      'error',
    ])
    .orderBy('started_at', 'desc')
    .orderBy('run_id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    runId: r.run_id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    providers: r.providers,
    connections: r.connections,
    stats: r.stats ?? null,
    connectionStats: r.connection_stats ?? null,
    error: r.error,
  }));
}
