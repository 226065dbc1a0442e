import { type SessionRecord, startRun } from '@idvkit/db';
import { describeEachDatabase } from '@idvkit/db/testing';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { session } from '../../../packages/db/test/factories.js';
import { emptyStats } from '../src/engine/stats.js';
import { loadBatch, type ProviderRunOptions } from '../src/engine/sync-provider.js';
import type { ProviderSource } from '../src/engine/types.js';
import { silentLogger } from '../src/output/logger.js';

/** A Verifa session record; `status` may be a value outside the vocabulary. */
function record(sessionId: string, status: string): SessionRecord {
  return session({ provider: 'verifa', sessionId, status: status as SessionRecord['status'] });
}

describeEachDatabase('a batch the database refuses', (getDb) => {
  it('lands its good records and quarantines the bad one at stage load with the reason', async () => {
    const { db } = getDb();
    const { runId } = await startRun(db, { providers: ['verifa'], options: {} });
    const stats = emptyStats();
    const o = {
      db,
      source: { provider: 'verifa' } as ProviderSource,
      runId,
      stats,
      dryRun: false,
      log: silentLogger,
      now: () => new Date('2025-01-02T00:00:00Z'),
    } as unknown as ProviderRunOptions;

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
});
