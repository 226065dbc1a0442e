import type { IdvDb } from '../database.js';
import { toJsonColumn } from '../load/json-param.js';

/** A quarantined record or failed operation of a run. `payload` must already be minimized by the caller. */
export interface SyncErrorInput {
  runId: string;
  provider: string;
  /** The connection whose run hit it; absent → the provider's name. */
  connection?: string;
  sessionId: string | null;
  stage: 'list' | 'fetch' | 'normalize' | 'load';
  reason: string;
  payload: unknown;
}

/** Appends a row to `idv.sync_errors`. */
export async function recordSyncError(db: IdvDb, e: SyncErrorInput): Promise<void> {
  await db
    .insertInto('idv.sync_errors')
    .values({
      run_id: e.runId,
      provider: e.provider,
      connection: e.connection ?? e.provider,
      session_id: e.sessionId,
      stage: e.stage,
      reason: e.reason,
      payload: toJsonColumn(e.payload),
    })
    .execute();
}
