import { getSyncState, type IdvDb, type SessionRecord, startRun } from '@idvkit/db';
import { describeEachDatabase } from '@idvkit/db/testing';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { session } from '../../../packages/db/test/factories.js';
import { loadBatch } from '../src/engine/load-batch.js';
import type { ProviderRunOptions } from '../src/engine/provider-run-options.js';
import { emptyStats } from '../src/engine/stats.js';
import type { ProviderSource } from '../src/engine/types.js';
import { silentLogger } from '../src/output/logger.js';

/** A Verifa session record; `status` may be a value outside the vocabulary. */
function record(sessionId: string, status: string): SessionRecord {
  return session({ provider: 'verifa', sessionId, status: status as SessionRecord['status'] });
}

/** What `loadBatch` reads of a provider run, for a run just started. */
async function loadOptions(db: IdvDb) {
  const { runId } = await startRun(db, { providers: ['verifa'], options: {} });
  const stats = emptyStats();
  const o = {
    db,
    connection: 'verifa',
    source: { provider: 'verifa' } as ProviderSource,
    runId,
    stats,
    dryRun: false,
    log: silentLogger,
    now: () => new Date('2025-01-02T00:00:00Z'),
  } as unknown as ProviderRunOptions;
  return { o, stats, runId };
}

const WATERMARK = new Date('2025-01-01T12:00:00Z');

describeEachDatabase('loadBatch', (getDb) => {
  it('lands the good records of a batch the database refuses and quarantines the bad one at stage load with the reason', async () => {
    const { db } = getDb();
    const { o, stats, runId } = await loadOptions(db);

    // 'bogus' violates the CHECK constraint on idv.sessions.status: the whole batch statement fails.
    await loadBatch(o, [
      record('ses_a', 'in_progress'),
      record('ses_bad', 'bogus'),
      record('ses_c', 'created'),
    ]);

    expect(stats).toMatchObject({ upserted: 2, failed: 1 });
    const ids = await sql<{ session_id: string }>`
      SELECT session_id FROM idv.sessions WHERE provider = 'verifa' ORDER BY session_id`.execute(db);
    expect(ids.rows.map((r) => r.session_id)).toEqual(['ses_a', 'ses_c']);
    const errors = await sql<{
      session_id: string;
      stage: string;
      reason: string;
      payload: { record: { status: string } };
    }>`
      SELECT session_id, stage, reason, payload FROM idv.sync_errors WHERE run_id = ${runId}`.execute(db);
    expect(errors.rows).toHaveLength(1);
    expect(errors.rows[0]).toMatchObject({ session_id: 'ses_bad', stage: 'load' });
    expect(errors.rows[0]!.reason).toMatch(/check constraint/i);
    expect(errors.rows[0]!.payload.record.status).toBe('bogus');
  });

  it('drops the checkpoint given with a batch that quarantines a record, so the window is read again', async () => {
    const { db } = getDb();
    const { o, stats } = await loadOptions(db);
    const checkpoint = { provider: 'verifa', scope: 'dropped', watermark: WATERMARK };
    await loadBatch(o, [record('ses_a', 'in_progress'), record('ses_bad', 'bogus')], [checkpoint]);
    expect(stats).toMatchObject({ upserted: 1, failed: 1 });
    expect(await getSyncState(db, 'verifa', 'dropped')).toBeNull();
  });

  it('commits the checkpoint given with a batch that loads', async () => {
    const { db } = getDb();
    const { o, stats } = await loadOptions(db);
    const checkpoint = { provider: 'verifa', scope: 'kept', watermark: WATERMARK };
    await loadBatch(o, [record('ses_d', 'in_progress'), record('ses_e', 'created')], [checkpoint]);
    expect(stats).toMatchObject({ upserted: 2, failed: 0 });
    expect((await getSyncState(db, 'verifa', 'kept'))?.watermark).toEqual(WATERMARK);
  });
});
