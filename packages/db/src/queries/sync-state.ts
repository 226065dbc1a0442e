import type { IdvDb } from '../database.js';
import { toJsonColumn } from '../load/json-param.js';

/** The checkpoint of one scope of a connection. */
export interface SyncState {
  watermark: Date | null;
  cursor: unknown;
  updatedAt: Date;
}

/**
 * A checkpoint to save: the connection scope it belongs to and its state. An absent `connection` is the
 * provider's name (the one connection of a `providers` shorthand).
 */
export interface SyncCheckpoint {
  provider: string;
  connection?: string;
  scope: string;
  watermark: Date | null;
  cursor?: unknown;
}

/**
 * The stored checkpoint of a connection scope, or null before its first completed sync. `connection` defaults
 * to the provider's name.
 */
export async function getSyncState(
  db: IdvDb,
  provider: string,
  scope: string,
  connection: string = provider,
): Promise<SyncState | null> {
  const row = await db
    .selectFrom('idv.sync_state')
    .select(['watermark', 'cursor', 'updated_at'])
    .where('provider', '=', provider)
    .where('connection', '=', connection)
    .where('scope', '=', scope)
    .executeTakeFirst();
  return row ? { watermark: row.watermark, cursor: row.cursor ?? null, updatedAt: row.updated_at } : null;
}

/**
 * Stores the checkpoint of a connection scope, replacing the previous one (an omitted `cursor` is stored as
 * null). Pass the transaction that loaded the rows it covers, so rows and checkpoint commit together.
 */
export async function saveSyncState(
  db: IdvDb,
  provider: string,
  scope: string,
  state: { watermark: Date | null; cursor?: unknown; connection?: string },
): Promise<void> {
  const values = { watermark: state.watermark, cursor: toJsonColumn(state.cursor) };
  await db
    .insertInto('idv.sync_state')
    .values({ provider, connection: state.connection ?? provider, scope, ...values })
    .onConflict((oc) =>
      oc.columns(['provider', 'connection', 'scope']).doUpdateSet((eb) => ({
        watermark: eb.ref('excluded.watermark'),
        cursor: eb.ref('excluded.cursor'),
        updated_at: eb.fn('now'),
      })),
    )
    .execute();
}
