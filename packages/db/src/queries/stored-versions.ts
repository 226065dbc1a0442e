import { sql } from 'kysely';
import type { IdvDb } from '../database.js';
import { jsonParam } from '../load/json-param.js';
import type { SessionStatus } from '../records.js';

/** What is stored for a session, enough to decide whether a listed session changed. */
export interface StoredVersion {
  updatedAt: Date | null;
  isTerminal: boolean;
  status: SessionStatus;
  lastSyncedAt: Date;
}

/** The stored versions of the given sessions of a provider (one query), keyed by session id; absent = unknown. */
export async function getStoredVersions(
  db: IdvDb,
  provider: string,
  sessionIds: string[],
): Promise<Map<string, StoredVersion>> {
  const result = new Map<string, StoredVersion>();
  if (sessionIds.length === 0) return result;
  const rows = await db
    .selectFrom('idv.sessions')
    .select(['session_id', 'updated_at', 'is_terminal', 'status', 'last_synced_at'])
    .where('provider', '=', provider)
    .where('session_id', 'in', sql<string>`(SELECT jsonb_array_elements_text(${jsonParam(sessionIds)}))`)
    .execute();
  for (const r of rows) {
    result.set(r.session_id, {
      updatedAt: r.updated_at,
      isTerminal: r.is_terminal,
      status: r.status,
      lastSyncedAt: r.last_synced_at,
    });
  }
  return result;
}
