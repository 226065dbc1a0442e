import {
  DatabaseUnavailableError,
  recordSyncError,
  type SessionRecord,
  type SyncCheckpoint,
  upsertSessions,
} from '@idvkit/db';
import type { ProviderRunOptions } from './provider-run-options.js';

/**
 * Loads a batch in one transaction, with the checkpoints to commit alongside. If the batch fails (a record the
 * database refuses), it is loaded again record by record so the good ones land and each bad one is
 * quarantined at stage `load` with the reason; the checkpoints are then saved only if no record was
 * quarantined. Only when quarantining itself fails (the database is gone) does the error reach the provider.
 */
export async function loadBatch(
  o: ProviderRunOptions,
  batch: SessionRecord[],
  checkpoints: SyncCheckpoint[] = [],
): Promise<void> {
  if (o.dryRun) {
    o.stats.upserted += batch.length;
    return;
  }
  try {
    countLoad(o, await upsertSessions(o.db, batch, o.now(), { checkpoints }));
    return;
  } catch (err) {
    if (err instanceof DatabaseUnavailableError) throw err; // not the records' fault
    if (batch.length === 1 && checkpoints.length === 0) return quarantineLoad(o, batch[0]!, err);
    o.log.warn('batch load failed; loading its records one by one', {
      provider: o.source.provider,
      connection: o.connection,
      records: batch.length,
      reason: err instanceof Error ? err.message : String(err),
    });
  }
  const failedBefore = o.stats.failed;
  for (const record of batch) {
    try {
      countLoad(o, await upsertSessions(o.db, [record], o.now()));
    } catch (err) {
      if (err instanceof DatabaseUnavailableError) throw err;
      await quarantineLoad(o, record, err);
    }
  }
  if (o.stats.failed === failedBefore && checkpoints.length > 0) {
    await upsertSessions(o.db, [], o.now(), { checkpoints });
  }
}

function countLoad(o: ProviderRunOptions, r: { written: string[]; stale: string[] }): void {
  o.stats.upserted += r.written.length;
  o.stats.stale += r.stale.length;
}

async function quarantineLoad(o: ProviderRunOptions, record: SessionRecord, err: unknown): Promise<void> {
  o.stats.failed++;
  const reason = err instanceof Error ? err.message : String(err);
  o.log.warn('record quarantined', {
    provider: o.source.provider,
    connection: o.connection,
    sessionId: record.sessionId,
    stage: 'load',
    reason,
  });
  // The normalized record (its `raw` is already minimized per the raw mode).
  await recordSyncError(o.db, {
    runId: o.runId,
    provider: o.source.provider,
    connection: o.connection,
    sessionId: record.sessionId,
    stage: 'load',
    reason,
    payload: { record },
  });
}
