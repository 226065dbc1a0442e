import { sql } from 'kysely';
import type { IdvDb } from '../database.js';
import { jsonParam } from '../load/json-param.js';

/**
 * Records that the provider no longer has these sessions (404 on fetch). The rows stay for reporting; the
 * first deletion time is kept. Returns how many rows were newly marked. A later write clears the mark.
 */
export async function markDeleted(
  db: IdvDb,
  provider: string,
  sessionIds: string[],
  at: Date,
): Promise<number> {
  if (sessionIds.length === 0) return 0;
  const result = await db
    .updateTable('idv.sessions')
    .set({ provider_deleted_at: at })
    .where('provider', '=', provider)
    .where('session_id', 'in', sql<string>`(SELECT jsonb_array_elements_text(${jsonParam(sessionIds)}))`)
    .where('provider_deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
