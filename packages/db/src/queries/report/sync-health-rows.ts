import { sql } from 'kysely';
import type { IdvDb } from '../../database.js';
import { filterCondition, type ReportContext, sessionColumns } from './report-filter.js';
import type { ReportRow } from './report-rows.js';

/**
 * `v_sync_health` per connection: the runs that covered it (started in the period) with its own status in each
 * (`connection_stats`, else the provider's in `stats`, else the run's), and its sessions (created in the period).
 * The flow filter does not apply: runs are per connection. Runs before migration 005 name their providers.
 */
export async function syncHealthRows(db: IdvDb, ctx: ReportContext): Promise<ReportRow[]> {
  const runFilter = { ...ctx, filter: { ...ctx.filter, flow: undefined } };
  const sessionFilter = filterCondition(runFilter, sessionColumns('s'));
  const { rows } = await sql<ReportRow>`
    WITH runs AS (
      SELECT r.run_id, r.started_at, r.finished_at, c.connection,
        coalesce(r.connection_stats -> c.connection ->> 'provider',
          CASE WHEN cardinality(r.providers) = 1 THEN r.providers[1]
               WHEN c.connection = ANY (r.providers) THEN c.connection END) AS provider,
        r.status AS run_status, r.stats, r.connection_stats
      FROM idv.sync_runs r CROSS JOIN LATERAL unnest(r.connections) AS c(connection)
    ),
    scoped AS (
      SELECT run_id, started_at, finished_at, connection, provider,
        CASE WHEN run_status = 'running' THEN 'running'
             ELSE coalesce(connection_stats -> connection ->> 'status', stats -> provider ->> 'status', run_status)
        END AS status
      FROM runs
      WHERE provider IS NOT NULL
        AND ${filterCondition(runFilter, { time: 'runs.started_at', provider: 'runs.provider', connection: 'runs.connection', flowId: 'runs.provider' })}
    ),
    last_run AS (
      SELECT DISTINCT ON (provider, connection) provider, connection, run_id, started_at, finished_at, status
      FROM scoped ORDER BY provider, connection, started_at DESC, run_id DESC
    ),
    last_success AS (
      SELECT provider, connection, max(coalesce(finished_at, started_at)) AS at
      FROM scoped WHERE status = 'succeeded' GROUP BY provider, connection
    ),
    synced AS (
      SELECT s.provider, s.connection, count(*) AS sessions,
        count(*) FILTER (WHERE NOT s.is_terminal AND s.provider_deleted_at IS NULL) AS open_sessions,
        max(s.last_synced_at) AS last_synced_at
      FROM idv.sessions s WHERE ${sessionFilter}
      GROUP BY s.provider, s.connection
    ),
    keys AS (SELECT provider, connection FROM last_run UNION SELECT provider, connection FROM synced)
    SELECT k.provider, k.connection, lr.run_id AS last_run_id, lr.started_at AS last_run_at,
      lr.status AS last_run_status, ls.at AS last_successful_run_at,
      coalesce(sy.sessions, 0) AS sessions_synced, coalesce(sy.open_sessions, 0) AS open_sessions,
      sy.last_synced_at AS last_session_synced_at,
      (SELECT count(*) FROM idv.sync_errors e
        WHERE e.run_id = lr.run_id AND e.provider = k.provider AND e.connection = k.connection) AS quarantined_last_run
    FROM keys k
    LEFT JOIN last_run lr ON lr.provider = k.provider AND lr.connection = k.connection
    LEFT JOIN last_success ls ON ls.provider = k.provider AND ls.connection = k.connection
    LEFT JOIN synced sy ON sy.provider = k.provider AND sy.connection = k.connection
    ORDER BY k.provider COLLATE "C", k.connection COLLATE "C"`.execute(db);
  return rows;
}
