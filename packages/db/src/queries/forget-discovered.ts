import type { IdvDb } from '../database.js';

/**
 * Removes discovered session ids of a provider's connection from idv.discovered_sessions, so they are not returned by
 * `listDiscoveredToFetch` again (e.g. ids the sync quarantined because they can never be fetched). Returns the
 * number of rows removed.
 */
export async function forgetDiscovered(
  db: IdvDb,
  provider: string,
  sessionIds: string[],
  connection: string = provider,
): Promise<number> {
  if (sessionIds.length === 0) return 0;
  const result = await db
    .deleteFrom('idv.discovered_sessions')
    .where('provider', '=', provider)
    .where('connection', '=', connection)
    .where('session_id', 'in', sessionIds)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
