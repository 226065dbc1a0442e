import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type DbHandle,
  enqueueDiscovered,
  finishRun,
  listDiscoveredToFetch,
  migrate,
  recordNotFound,
  recordSyncError,
  SCHEMA_VERSION,
  saveSyncState,
  startRun,
  upsertSessions,
} from '../src/index.js';
import { testDatabases } from '../src/testing/index.js';
import { check, session } from './factories.js';

const T0 = new Date('2025-04-01T00:00:00Z');
const TABLES = [
  'sessions',
  'session_checks',
  'session_datablocks',
  'sync_runs',
  'sync_state',
  'sync_errors',
  'discovered_sessions',
] as const;

/**
 * Every row of the tables an older idvkit wrote, as JSON text per table (order-independent); without
 * `resolved_at`, the column 007 adds to sync_errors (null on the old rows).
 */
async function dump(db: DbHandle['db']) {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ row: string }>`
      SELECT (to_jsonb(t) - 'resolved_at')::text AS row FROM ${sql.table(`idv.${table}`)} t`.execute(db);
    out[table] = rows.map((r) => r.row).sort();
  }
  return out;
}

for (const database of testDatabases()) {
  describe(`upgrading a database with data [${database.name}]`, () => {
    const open: DbHandle[] = [];
    afterEach(async () => {
      await Promise.all(open.splice(0).map((h) => h.close()));
    });

    it('003_not_found_sessions: a database at version 2 with data keeps every row and gains the table', async () => {
      const handle = await database.open();
      open.push(handle);
      const { db } = handle;
      await sql`DROP SCHEMA idv CASCADE`.execute(db);
      expect(await migrate(db, { to: 2 })).toEqual({
        applied: ['001_initial_schema', '002_reporting_views'],
        version: 2,
      });
      // What idvkit 0.x (schema version 2) writes: sessions with checks and datablocks, a run with a
      // quarantined record, a checkpoint and discovered ids.
      await upsertSessions(
        db,
        [
          session({
            sessionId: 's1',
            checks: [check({ checkId: 'c1' })],
            datablocks: [{ datablockType: 'doc', datablockId: 'd1', status: null, createdAt: T0 }],
          }),
          session({ provider: 'yoti', sessionId: 'y1', status: 'completed', isTerminal: true }),
        ],
        T0,
        { checkpoints: [{ provider: 'idnow', scope: 'flow-a/live', watermark: T0 }] },
      );
      const { runId } = await startRun(db, { providers: ['idnow'], options: { full: false } });
      await recordSyncError(db, {
        runId,
        provider: 'idnow',
        sessionId: 's2',
        stage: 'normalize',
        reason: 'status: expected a non-empty string, received nothing',
        payload: { id: 's2' },
      });
      await saveSyncState(db, 'verifa', 'default', { watermark: T0 });
      await enqueueDiscovered(
        db,
        'yoti',
        ['y1', 'y2'].map((sessionId) => ({ sessionId, source: 'notification' })),
        T0,
      );
      const before = await dump(db);
      expect(Object.values(before).every((rows) => rows.length > 0)).toBe(true);

      expect(await migrate(db)).toEqual({
        applied: ['003_not_found_sessions', '004_run_statuses', '006_webhook_events', '007_worker_runtime'],
        version: SCHEMA_VERSION,
      });
      expect(await dump(db)).toEqual(before);
      const { rows } = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM idv.not_found_sessions`.execute(db);
      expect(rows[0]!.n).toBe(0);
      // The upgraded database works with the new code: the discovered queue, and the new table.
      const queued: string[] = [];
      for await (const batch of listDiscoveredToFetch(db, 'yoti')) queued.push(...batch);
      expect(queued).toEqual(['y2']);
      expect(
        await recordNotFound(db, {
          provider: 'yoti',
          sessionId: 'y2',
          runId: randomUUID(),
          at: T0,
          giveUpAfterRuns: 3,
        }),
      ).toEqual({ runs: 1, givenUp: false });
    });
    it('004_run_statuses: a database at version 3 with runs keeps every row and accepts the new statuses', async () => {
      const handle = await database.open();
      open.push(handle);
      const { db } = handle;
      await sql`DROP SCHEMA idv CASCADE`.execute(db);
      expect((await migrate(db, { to: 3 })).version).toBe(3);
      const done = await startRun(db, { providers: ['idnow'], options: { full: false } });
      await finishRun(db, done.runId, {
        status: 'partial',
        stats: { idnow: { status: 'failed' } },
        error: 'x',
      });
      const running = await startRun(db, { providers: ['yoti'], options: { full: true } });
      // Version 3 rejects the new statuses.
      await expect(
        sql`UPDATE idv.sync_runs SET status = 'interrupted' WHERE run_id = ${running.runId}`.execute(db),
      ).rejects.toThrow(/sync_runs_status_check/);
      const before = await dump(db);

      expect(await migrate(db)).toEqual({
        applied: ['004_run_statuses', '006_webhook_events', '007_worker_runtime'],
        version: SCHEMA_VERSION,
      });
      expect(await dump(db)).toEqual(before);
      await finishRun(db, running.runId, { status: 'interrupted', stats: {}, error: null });
      await sql`UPDATE idv.sync_runs SET status = 'abandoned' WHERE run_id = ${done.runId}`.execute(db);
      const { rows } = await sql<{ status: string }>`
        SELECT status FROM idv.sync_runs ORDER BY status`.execute(db);
      expect(rows.map((r) => r.status)).toEqual(['abandoned', 'interrupted']);
      await expect(
        sql`UPDATE idv.sync_runs SET status = 'bogus' WHERE run_id = ${done.runId}`.execute(db),
      ).rejects.toThrow(/sync_runs_status_check/);
    });
  });
}
