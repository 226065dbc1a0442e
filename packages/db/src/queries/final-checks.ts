import type { IdvDb } from '../database.js';
import type { CheckRecord } from '../records.js';

/**
 * The stored checks of a session that are final (status `done` or `error`), keyed by check id: a source can
 * skip re-fetching them (ComplyCube needs one request per check).
 */
export async function getFinalChecks(
  db: IdvDb,
  provider: string,
  sessionId: string,
): Promise<Map<string, CheckRecord>> {
  const rows = await db
    .selectFrom('idv.session_checks')
    .selectAll()
    .where('provider', '=', provider)
    .where('session_id', '=', sessionId)
    .where('status', 'in', ['done', 'error'])
    .execute();
  return new Map(
    rows.map((r) => [
      r.check_id,
      {
        checkId: r.check_id,
        checkType: r.check_type,
        status: r.status,
        providerStatus: r.provider_status,
        result: r.result,
        providerResult: r.provider_result,
        createdAt: r.created_at,
        completedAt: r.completed_at,
        raw: r.raw ?? null,
      },
    ]),
  );
}
