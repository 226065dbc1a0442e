import { sql } from 'kysely';
import type { IdvDb } from '../database.js';
import { upsertFlowRows } from '../queries/flows.js';
import { type SyncCheckpoint, saveSyncState } from '../queries/sync-state.js';
import type { SessionRecord } from '../records.js';
import {
  CHECK_COLUMNS,
  CHECK_RECORDSET,
  DATABLOCK_COLUMNS,
  DATABLOCK_RECORDSET,
  SESSION_COLUMNS,
  SESSION_RECORDSET,
  SESSION_UPDATES,
} from './columns.js';
import { inTransaction } from './in-transaction.js';
import { jsonParam } from './json-param.js';
import {
  checkRows,
  datablockRows,
  dedupeSessions,
  flowRowsOf,
  sessionKey,
  sessionRow,
} from './session-rows.js';

/** Outcome of {@link upsertSessions}. */
export interface UpsertSessionsResult {
  /** Session ids whose row was inserted or updated (their checks and datablocks were replaced). */
  written: string[];
  /** Session ids skipped because the stored `updated_at` is newer than the record's. */
  stale: string[];
}

/**
 * Loads a batch of sessions idempotently, in one transaction (reusing `db` when it is one), with one
 * statement per table: an `INSERT … ON CONFLICT DO UPDATE` guarded so an older payload (smaller `updated_at`)
 * never overwrites a newer one, then, for the rows actually written, a delete and re-insert of their checks
 * and datablocks (atomic replacement). `first_synced_at` is kept on update, `last_synced_at` becomes `now`,
 * `provider_deleted_at` is cleared. Within a batch the last record of a session wins. Written records that name
 * their flow (`flowName`) upsert its `idv.flows` row in the same transaction (one statement for the batch).
 *
 * `checkpoints` (sync state of provider scopes whose records are all in this batch or already loaded) are saved
 * in the same transaction, so a checkpoint commits with the rows it covers or not at all. With no sessions and
 * some checkpoints, the transaction saves only the checkpoints.
 */
export async function upsertSessions(
  db: IdvDb,
  sessions: SessionRecord[],
  now: Date,
  options: { checkpoints?: readonly SyncCheckpoint[] } = {},
): Promise<UpsertSessionsResult> {
  const batch = dedupeSessions(sessions);
  const checkpoints = options.checkpoints ?? [];
  if (batch.length === 0) {
    if (checkpoints.length > 0) await inTransaction(db, (trx) => saveCheckpoints(trx, checkpoints));
    return { written: [], stale: [] };
  }
  return inTransaction(db, async (trx) => {
    const { rows } = await sql<{ provider: string; session_id: string }>`
      INSERT INTO idv.sessions (${sql.raw(SESSION_COLUMNS.join(', '))},
        first_synced_at, last_synced_at, provider_deleted_at)
      SELECT ${sql.raw(SESSION_COLUMNS.map((c) => `r.${c}`).join(', '))},
        ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz, NULL
      FROM jsonb_to_recordset(${jsonParam(batch.map(sessionRow))}) AS r(${sql.raw(SESSION_RECORDSET)})
      ON CONFLICT (provider, session_id) DO UPDATE SET
        ${sql.raw(SESSION_UPDATES)},
        last_synced_at = excluded.last_synced_at,
        provider_deleted_at = NULL
      WHERE idv.sessions.updated_at IS NULL
        OR excluded.updated_at IS NULL
        OR excluded.updated_at >= idv.sessions.updated_at
      RETURNING provider, session_id`.execute(trx);

    const writtenKeys = new Set(rows.map((r) => sessionKey(r.provider, r.session_id)));
    const written = batch.filter((s) => writtenKeys.has(sessionKey(s.provider, s.sessionId)));
    const stale = batch.filter((s) => !writtenKeys.has(sessionKey(s.provider, s.sessionId)));
    if (written.length > 0) {
      await replaceChildren(trx, written);
      await upsertFlowRows(trx, flowRowsOf(written), now);
    }
    await saveCheckpoints(trx, checkpoints);
    return { written: written.map((s) => s.sessionId), stale: stale.map((s) => s.sessionId) };
  });
}

async function saveCheckpoints(trx: IdvDb, checkpoints: readonly SyncCheckpoint[]): Promise<void> {
  for (const c of checkpoints) await saveSyncState(trx, c.provider, c.scope, c);
}

async function replaceChildren(trx: IdvDb, written: SessionRecord[]): Promise<void> {
  const keys = jsonParam(written.map((s) => ({ provider: s.provider, session_id: s.sessionId })));
  const checks = written.flatMap(checkRows);
  const datablocks = written.flatMap(datablockRows);

  await sql`
    DELETE FROM idv.session_checks t
    USING jsonb_to_recordset(${keys}) AS k(provider text, session_id text)
    WHERE t.provider = k.provider AND t.session_id = k.session_id`.execute(trx);
  if (checks.length > 0) {
    await sql`
      INSERT INTO idv.session_checks (${sql.raw(CHECK_COLUMNS.join(', '))})
      SELECT ${sql.raw(CHECK_COLUMNS.map((c) => `r.${c}`).join(', '))}
      FROM jsonb_to_recordset(${jsonParam(checks)}) AS r(${sql.raw(CHECK_RECORDSET)})`.execute(trx);
  }

  await sql`
    DELETE FROM idv.session_datablocks t
    USING jsonb_to_recordset(${keys}) AS k(provider text, session_id text)
    WHERE t.provider = k.provider AND t.session_id = k.session_id`.execute(trx);
  if (datablocks.length > 0) {
    await sql`
      INSERT INTO idv.session_datablocks (${sql.raw(DATABLOCK_COLUMNS.join(', '))})
      SELECT ${sql.raw(DATABLOCK_COLUMNS.map((c) => `r.${c}`).join(', '))}
      FROM jsonb_to_recordset(${jsonParam(datablocks)}) AS r(${sql.raw(DATABLOCK_RECORDSET)})`.execute(trx);
  }
}
