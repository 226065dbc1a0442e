import { sql } from 'kysely';
import type { IdvDb } from '../database.js';

/**
 * Marks the open `idv.sync_errors` rows of these sessions resolved (a later fetch and load succeeded) and
 * returns how many it marked. Rows stay for history; open ones are those with `resolved_at` null.
 */
export async function resolveSyncErrors(db: IdvDb, provider: string, sessionIds: string[]): Promise<number> {
  if (sessionIds.length === 0) return 0;
  const { numAffectedRows } = await sql`
    UPDATE idv.sync_errors SET resolved_at = now()
    WHERE provider = ${provider} AND session_id = ANY(${sessionIds}::text[]) AND resolved_at IS NULL`.execute(
    db,
  );
  return Number(numAffectedRows ?? 0);
}

/** Counts of `idv.sync_errors` per provider: still open, and resolved by a later success. */
export async function countSyncErrors(
  db: IdvDb,
): Promise<Array<{ provider: string; open: number; resolved: number }>> {
  const { rows } = await sql<{ provider: string; open: number; resolved: number }>`
    SELECT provider,
           count(*) FILTER (WHERE resolved_at IS NULL)::int AS open,
           count(*) FILTER (WHERE resolved_at IS NOT NULL)::int AS resolved
    FROM idv.sync_errors GROUP BY provider ORDER BY provider`.execute(db);
  return rows;
}

/**
 * Sessions of a provider whose fetch failed for good and that no later fetch resolved, with the scope key the
 * failure recorded (`payload.ref.scope`, null when unknown): the worker's sync queues them again.
 */
export async function listOpenFetchErrors(
  db: IdvDb,
  provider: string,
): Promise<Array<{ sessionId: string; scope: string | null }>> {
  const { rows } = await sql<{ session_id: string; scope: string | null }>`
    SELECT DISTINCT ON (session_id) session_id, payload #>> '{ref,scope}' AS scope
    FROM idv.sync_errors
    WHERE provider = ${provider} AND stage = 'fetch' AND session_id IS NOT NULL AND resolved_at IS NULL
    ORDER BY session_id, created_at DESC`.execute(db);
  return rows.map((r) => ({ sessionId: r.session_id, scope: r.scope }));
}
