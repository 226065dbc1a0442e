import { sql } from 'kysely';
import type { IdvDb } from '../database.js';

/** The error recorded on a run marked `abandoned`. */
export const ABANDONED_ERROR = 'the process ended without recording an outcome (killed or crashed)';

/**
 * Marks as `abandoned` the `running` runs that started no later than `runId` (itself excluded) and that no live
 * process can still hold, returning their ids.
 * - `pglite`: the data-directory lock file excludes every other process, so no other run can be alive.
 * - `postgres`: a live run holds the advisory lock `idvkit:sync:<connection>` of each of its connections on one
 *   session (see withAdvisoryLocks). A row is abandoned only when no other session holds the lock of ANY of its
 *   connections (pg_locks: the 64-bit key splits into classid = high 32 bits, objid = low 32 bits, objsubid 1).
 *   Runs from before migration 005 list their providers as connections, whose lock keys are the same.
 *   Conservative: a lock held by anyone (even a run of another kind) keeps the row `running`.
 */
export async function markAbandonedRuns(
  db: IdvDb,
  opts: { runId: string; kind: 'postgres' | 'pglite' },
): Promise<string[]> {
  const noLiveHolder =
    opts.kind === 'pglite'
      ? sql`true`
      : sql`NOT EXISTS (
          SELECT 1
          FROM unnest(r.connections) AS c(name)
          CROSS JOIN LATERAL (SELECT hashtextextended('idvkit:sync:' || c.name, 0) AS k) h
          JOIN pg_locks l
            ON l.locktype = 'advisory'
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND l.classid = ((h.k >> 32) & 4294967295)::oid
           AND l.objid = (h.k & 4294967295)::oid
           AND l.objsubid = 1
           AND l.pid <> pg_backend_pid()
        )`;
  const { rows } = await sql<{ run_id: string }>`
    UPDATE idv.sync_runs r
    SET status = 'abandoned', finished_at = now(), error = ${ABANDONED_ERROR}
    WHERE r.status = 'running'
      AND r.run_id <> ${opts.runId}
      AND r.started_at <= (SELECT s.started_at FROM idv.sync_runs s WHERE s.run_id = ${opts.runId})
      AND ${noLiveHolder}
    RETURNING r.run_id`.execute(db);
  return rows.map((r) => r.run_id);
}
