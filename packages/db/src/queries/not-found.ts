import { sql } from 'kysely';
import type { IdvDb } from '../database.js';

/** One 404 for a session that is listed or discovered but not stored, as {@link recordNotFound} takes it. */
export interface NotFoundInput {
  provider: string;
  sessionId: string;
  runId: string;
  at: Date;
  /** The run count at which the sync gives up asking for the session. */
  giveUpAfterRuns: number;
}

/** How often a session answered 404, after {@link recordNotFound}. */
export interface NotFoundCount {
  /** Runs in which the session answered 404 (a second 404 in the same run does not count again). */
  runs: number;
  /** True once `runs` reached the bound: the sync no longer asks for it (see `given_up_at`). */
  givenUp: boolean;
}

/**
 * Counts a 404 for a session idvkit has not stored, once per run, in `idv.not_found_sessions`. When the count
 * reaches `giveUpAfterRuns`, `given_up_at` is set (to `at`, again on every later 404): {@link listGivenUp}
 * and `listDiscoveredToFetch` then leave the session out.
 */
export async function recordNotFound(db: IdvDb, e: NotFoundInput): Promise<NotFoundCount> {
  const at = e.at.toISOString();
  const bound = e.giveUpAfterRuns;
  const { rows } = await sql<{ not_found_runs: number; given_up_at: Date | null }>`
    INSERT INTO idv.not_found_sessions AS n
      (provider, session_id, not_found_runs, first_not_found_at, last_not_found_at, last_run_id, given_up_at)
    VALUES (${e.provider}, ${e.sessionId}, 1, ${at}::timestamptz, ${at}::timestamptz, ${e.runId}::uuid,
      CASE WHEN 1 >= ${bound}::int THEN ${at}::timestamptz END)
    ON CONFLICT (provider, session_id) DO UPDATE SET
      not_found_runs = n.not_found_runs + (n.last_run_id <> excluded.last_run_id)::int,
      last_not_found_at = excluded.last_not_found_at,
      last_run_id = excluded.last_run_id,
      given_up_at = CASE
        WHEN n.not_found_runs + (n.last_run_id <> excluded.last_run_id)::int >= ${bound}::int
        THEN excluded.last_not_found_at
      END
    RETURNING not_found_runs, given_up_at`.execute(db);
  const row = rows[0]!;
  return { runs: row.not_found_runs, givenUp: row.given_up_at !== null };
}

/** The provider's session ids the sync gave up on and that are still not stored. */
export async function listGivenUp(db: IdvDb, provider: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('idv.not_found_sessions as n')
    .select('n.session_id')
    .where('n.provider', '=', provider)
    .where('n.given_up_at', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('idv.sessions as s')
            .select('s.session_id')
            .whereRef('s.provider', '=', 'n.provider')
            .whereRef('s.session_id', '=', 'n.session_id'),
        ),
      ),
    )
    .execute();
  return new Set(rows.map((r) => r.session_id));
}
