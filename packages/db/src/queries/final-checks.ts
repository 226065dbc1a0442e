import type { Selectable } from 'kysely';
import type { IdvDb, SessionChecksTable } from '../database.js';
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
  return (await getFinalChecksOf(db, provider, [sessionId])).get(sessionId) ?? new Map();
}

/**
 * {@link getFinalChecks} for many sessions in one query (a page of them rather than one query per session):
 * session id → its final checks by check id. A session with none is absent from the map.
 */
export async function getFinalChecksOf(
  db: IdvDb,
  provider: string,
  sessionIds: readonly string[],
): Promise<Map<string, Map<string, CheckRecord>>> {
  const bySession = new Map<string, Map<string, CheckRecord>>();
  if (sessionIds.length === 0) return bySession;
  const rows = await db
    .selectFrom('idv.session_checks')
    .selectAll()
    .where('provider', '=', provider)
    .where('session_id', 'in', [...new Set(sessionIds)])
    .where('status', 'in', ['done', 'error'])
    .execute();
  for (const r of rows) {
    let checks = bySession.get(r.session_id);
    if (!checks) {
      checks = new Map();
      bySession.set(r.session_id, checks);
    }
    checks.set(r.check_id, checkRecord(r));
  }
  return bySession;
}

function checkRecord(r: Selectable<SessionChecksTable>): CheckRecord {
  return {
    checkId: r.check_id,
    checkType: r.check_type,
    status: r.status,
    providerStatus: r.provider_status,
    result: r.result,
    providerResult: r.provider_result,
    createdAt: r.created_at,
    completedAt: r.completed_at,
    reasonCode: r.reason_code ?? null,
    providerReason: r.provider_reason ?? null,
    raw: r.raw ?? null,
  };
}
