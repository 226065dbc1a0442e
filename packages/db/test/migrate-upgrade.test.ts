import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type DbHandle,
  enqueueDiscovered,
  finishRun,
  getSyncState,
  listDiscoveredToFetch,
  listRuns,
  migrate,
  recordNotFound,
  recordSyncError,
  SCHEMA_VERSION,
  startRun,
  upsertFlows,
  upsertSessions,
} from '../src/index.js';
import { testDatabases } from '../src/testing/index.js';
import { session } from './factories.js';
import {
  OLD_RUN_ID,
  OLD_RUNNING_RUN_ID,
  writeVersion2Rows,
  writeVersion3Rows,
  writeVersion7Rows,
} from './old-rows.js';

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
 * `resolved_at`, the column 007 adds to sync_errors, and `reason_code` / `provider_reason`, the columns 008 adds
 * to sessions and checks (null on the old rows).
 */
async function dump(
  db: DbHandle['db'],
  opts: { withoutConnections?: boolean; notFound?: boolean; extra?: readonly string[] } = {},
) {
  // The columns migration 005 adds, left out to compare with a dump taken before it.
  const added = opts.withoutConnections ? sql` - 'connection' - 'connections' - 'connection_stats'` : sql``;
  const out: Record<string, string[]> = {};
  for (const table of [...TABLES, ...(opts.notFound ? ['not_found_sessions'] : []), ...(opts.extra ?? [])]) {
    const { rows } = await sql<{ row: string }>`
      SELECT (to_jsonb(t) - 'resolved_at' - 'reason_code' - 'provider_reason'${added})::text AS row
      FROM ${sql.table(`idv.${table}`)} t`.execute(db);
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
      // quarantined record, checkpoints and discovered ids.
      await writeVersion2Rows(db);
      const before = await dump(db);
      expect(Object.values(before).every((rows) => rows.length > 0)).toBe(true);

      expect(await migrate(db)).toEqual({
        applied: [
          '003_not_found_sessions',
          '004_run_statuses',
          '005_connections',
          '006_webhook_events',
          '007_worker_runtime',
          '008_flows_reasons',
          '009_discovered_connections',
        ],
        version: SCHEMA_VERSION,
      });
      expect(await dump(db, { withoutConnections: true })).toEqual(before);
      const { rows } = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM idv.not_found_sessions`.execute(db);
      expect(rows[0]!.n).toBe(0);
      // The upgraded database works with the new code: the discovered queue, and the new table.
      const queued: string[] = [];
      for await (const batch of listDiscoveredToFetch(db, 'yoti', 'yoti')) queued.push(...batch);
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
      await writeVersion2Rows(db);
      const running = { runId: OLD_RUNNING_RUN_ID };
      const done = { runId: OLD_RUN_ID };
      // Version 3 rejects the new statuses.
      await expect(
        sql`UPDATE idv.sync_runs SET status = 'interrupted' WHERE run_id = ${running.runId}`.execute(db),
      ).rejects.toThrow(/sync_runs_status_check/);
      const before = await dump(db);

      expect(await migrate(db)).toEqual({
        applied: [
          '004_run_statuses',
          '005_connections',
          '006_webhook_events',
          '007_worker_runtime',
          '008_flows_reasons',
          '009_discovered_connections',
        ],
        version: SCHEMA_VERSION,
      });
      expect(await dump(db, { withoutConnections: true })).toEqual(before);
      await finishRun(db, running.runId, { status: 'interrupted', stats: {}, error: null });
      await sql`UPDATE idv.sync_runs SET status = 'abandoned' WHERE run_id = ${done.runId}`.execute(db);
      const { rows } = await sql<{ status: string }>`
        SELECT status FROM idv.sync_runs ORDER BY status`.execute(db);
      expect(rows.map((r) => r.status)).toEqual(['abandoned', 'interrupted']);
      await expect(
        sql`UPDATE idv.sync_runs SET status = 'bogus' WHERE run_id = ${done.runId}`.execute(db),
      ).rejects.toThrow(/sync_runs_status_check/);
    });
    it('005_connections: a database at version 4 with data in every table keeps every row, backfills connection with the provider', async () => {
      const handle = await database.open();
      open.push(handle);
      const { db } = handle;
      await sql`DROP SCHEMA idv CASCADE`.execute(db);
      expect((await migrate(db, { to: 4 })).version).toBe(4);
      await writeVersion2Rows(db);
      await writeVersion3Rows(db);
      await sql`UPDATE idv.sync_runs SET status = 'interrupted' WHERE run_id = ${OLD_RUNNING_RUN_ID}`.execute(
        db,
      );
      const before = await dump(db, { notFound: true });
      expect(Object.values(before).every((rows) => rows.length > 0)).toBe(true);

      expect(await migrate(db)).toEqual({
        applied: [
          '005_connections',
          '006_webhook_events',
          '007_worker_runtime',
          '008_flows_reasons',
          '009_discovered_connections',
        ],
        version: SCHEMA_VERSION,
      });
      // Nothing lost or changed besides the new columns…
      expect(await dump(db, { notFound: true, withoutConnections: true })).toEqual(before);
      // …and every row's connection is its provider's name (the shorthand's connection).
      for (const table of ['sessions', 'session_checks', 'session_datablocks', 'sync_errors', 'sync_state']) {
        const { rows } = await sql<{ n: number; backfilled: number }>`
          SELECT count(*)::int AS n, count(*) FILTER (WHERE connection = provider)::int AS backfilled
          FROM ${sql.table(`idv.${table}`)}`.execute(db);
        expect({ table, ...rows[0] }).toEqual({ table, n: rows[0]!.n, backfilled: rows[0]!.n });
        expect(rows[0]!.n).toBeGreaterThan(0);
      }
      const runs = await listRuns(db, 10);
      expect(runs.map((r) => [r.runId, r.connections, r.connectionStats]).sort()).toEqual([
        [OLD_RUN_ID, ['idnow', 'yoti'], null],
        [OLD_RUNNING_RUN_ID, ['verifa'], null],
      ]);

      // The upgraded database goes on where it left off: checkpoints are found under the shorthand's name…
      expect((await getSyncState(db, 'idnow', 'flow-a/live'))?.watermark).toEqual(T0);
      expect((await getSyncState(db, 'idnow', 'flow-a/live', 'idnow'))?.watermark).toEqual(T0);
      expect(await getSyncState(db, 'idnow', 'flow-a/live', 'idnow-staging')).toBeNull();
      // …a session seen again by another connection of the provider stays one row, now recording that one…
      await upsertSessions(
        db,
        [
          session({
            sessionId: 's1',
            connection: 'idnow-staging',
            updatedAt: new Date('2025-04-02T00:00:00Z'),
          }),
        ],
        T0,
        {
          checkpoints: [
            { provider: 'idnow', connection: 'idnow-staging', scope: 'flow-a/live', watermark: T0 },
          ],
        },
      );
      const { rows: s1 } = await sql<{ connection: string }>`
        SELECT connection FROM idv.sessions WHERE provider = 'idnow' AND session_id = 's1'`.execute(db);
      expect(s1).toEqual([{ connection: 'idnow-staging' }]);
      expect((await getSyncState(db, 'idnow', 'flow-a/live', 'idnow-staging'))?.watermark).toEqual(T0);
      expect((await getSyncState(db, 'idnow', 'flow-a/live', 'idnow'))?.watermark).toEqual(T0);
      // …and the views still answer, v_open_sessions with the connection appended.
      const { rows: open1 } = await sql<{ session_id: string; connection: string }>`
        SELECT session_id, connection FROM idv.v_open_sessions`.execute(db);
      expect(open1).toEqual([{ session_id: 's1', connection: 'idnow-staging' }]);
      const { rows: health } = await sql<{ provider: string; last_run_status: string }>`
        SELECT provider, last_run_status FROM idv.v_sync_health ORDER BY provider`.execute(db);
      expect(health).toEqual([
        { provider: 'idnow', last_run_status: 'partial' },
        { provider: 'verifa', last_run_status: 'interrupted' },
        { provider: 'yoti', last_run_status: 'succeeded' },
      ]);
      const { runId } = await startRun(db, {
        providers: ['idnow'],
        connections: ['idnow-staging'],
        options: {},
      });
      await recordSyncError(db, {
        runId,
        provider: 'idnow',
        connection: 'idnow-staging',
        sessionId: 's3',
        stage: 'fetch',
        reason: 'r',
        payload: null,
      });
      const { rows: errs } = await sql<{ connection: string }>`
        SELECT connection FROM idv.sync_errors WHERE run_id = ${runId}`.execute(db);
      expect(errs).toEqual([{ connection: 'idnow-staging' }]);
    });

    it('008_flows_reasons: a database at version 7 with data keeps every row; views give the same numbers, flow_name = flow_id', async () => {
      const handle = await database.open();
      open.push(handle);
      const { db } = handle;
      await sql`DROP SCHEMA idv CASCADE`.execute(db);
      // Rows of every era: written at version 4, carried through 005–007, then rows only 005–007 can hold.
      expect((await migrate(db, { to: 4 })).version).toBe(4);
      await writeVersion2Rows(db);
      await writeVersion3Rows(db);
      expect((await migrate(db, { to: 7 })).version).toBe(7);
      await writeVersion7Rows(db);
      const extra = ['not_found_sessions', 'webhook_events', 'rate_budgets'];
      const before = await dump(db, { extra });
      expect(Object.values(before).every((rows) => rows.length > 0)).toBe(true);
      const viewsBefore = await dumpViews(db);

      expect(await migrate(db, { to: 8 })).toEqual({ applied: ['008_flows_reasons'], version: 8 });
      expect(await dump(db, { extra })).toEqual(before);
      // The old rows have no reason yet.
      const { rows: reasons } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM idv.sessions WHERE reason_code IS NOT NULL OR provider_reason IS NOT NULL
        UNION ALL
        SELECT count(*)::int FROM idv.session_checks WHERE reason_code IS NOT NULL OR provider_reason IS NOT NULL
        UNION ALL
        SELECT count(*)::int FROM idv.flows`.execute(db);
      expect(reasons.map((r) => r.n)).toEqual([0, 0, 0]);
      // Same rows in every view, each with flow_name = flow_id where it has flow_id (idv.flows is empty).
      const after = await dumpViews(db);
      for (const [view, rows] of Object.entries(viewsBefore)) {
        const withName = sorted(rows.map((r) => ('flow_id' in r ? { ...r, flow_name: r.flow_id } : r)));
        expect({ view, rows: after[view] }).toEqual({ view, rows: withName });
      }
      // The rejected session written before 008 counts under 'other'.
      const { rows: rejected } = await sql`SELECT * FROM idv.v_rejection_reasons`.execute(db);
      expect(rejected).toEqual([
        {
          day: '2025-04-01',
          provider: 'idnow',
          connection: 'idnow-staging',
          flow_id: 'flow-b',
          flow_name: 'flow-b',
          reason_code: 'other',
          sessions: 1,
        },
      ]);
      // A name discovered now shows in the views.
      await upsertFlows(
        db,
        'idnow',
        'idnow-staging',
        [{ flowId: 'flow-b', name: 'Staging KYC', version: null, environment: 'staging' }],
        T0,
      );
      const { rows: funnel } = await sql<{ flow_id: string; flow_name: string }>`
        SELECT flow_id, flow_name FROM idv.v_funnel ORDER BY flow_id NULLS LAST`.execute(db);
      expect(funnel).toEqual([
        { flow_id: 'flow-a', flow_name: 'flow-a' },
        { flow_id: 'flow-b', flow_name: 'Staging KYC' },
        { flow_id: null, flow_name: null },
      ]);
    });

    it('009_discovered_connections: a database at version 7 keeps every discovered id, backfilled with the provider as connection', async () => {
      const handle = await database.open();
      open.push(handle);
      const { db } = handle;
      await sql`DROP SCHEMA idv CASCADE`.execute(db);
      // Rows of every older version, carried to version 7 as an idvkit of today left them.
      expect((await migrate(db, { to: 4 })).version).toBe(4);
      await writeVersion2Rows(db);
      await writeVersion3Rows(db);
      expect((await migrate(db, { to: 7 })).version).toBe(7);
      expect((await migrate(db, { to: 8 })).version).toBe(8);
      const before = await dump(db, { notFound: true });
      expect(before.discovered_sessions!.length).toBeGreaterThan(0);

      expect(await migrate(db)).toEqual({ applied: ['009_discovered_connections'], version: SCHEMA_VERSION });
      const after = await dump(db, { notFound: true });
      // Every other table is untouched; discovered ids are the same rows plus their connection (the provider's name).
      expect({ ...after, discovered_sessions: [] }).toEqual({ ...before, discovered_sessions: [] });
      const withConnection = before.discovered_sessions!.map((row) => {
        const r = JSON.parse(row) as Record<string, unknown>;
        return { ...r, connection: r.provider };
      });
      expect(after.discovered_sessions!.map((row) => JSON.parse(row))).toEqual(
        expect.arrayContaining(withConnection),
      );
      expect(after.discovered_sessions).toHaveLength(before.discovered_sessions!.length);
      // The shorthand's connection goes on with its queue; a second connection of the provider starts empty
      // and can hold the same id beside it.
      const queue = async (connection: string) => {
        const ids: string[] = [];
        for await (const batch of listDiscoveredToFetch(db, 'yoti', connection)) ids.push(...batch);
        return ids;
      };
      expect(await queue('yoti')).toEqual(['y2']);
      expect(await queue('yoti-eu')).toEqual([]);
      await enqueueDiscovered(db, 'yoti', [{ sessionId: 'y2', source: 'cli' }], T0, 'yoti-eu');
      expect(await queue('yoti-eu')).toEqual(['y2']);
      expect(await queue('yoti')).toEqual(['y2']);
    });
  });
}

/** Every row of every view except `age`/`age_seconds` (they move with the clock), sorted, per view. */
async function dumpViews(db: DbHandle['db']): Promise<Record<string, Array<Record<string, unknown>>>> {
  const out: Record<string, Array<Record<string, unknown>>> = {};
  for (const view of VIEWS) {
    const { rows } = await sql<{ row: Record<string, unknown> }>`
      SELECT to_jsonb(v) - 'age' - 'age_seconds' AS row FROM ${sql.table(`idv.${view}`)} v`.execute(db);
    out[view] = sorted(rows.map((r) => r.row));
  }
  return out;
}

function sorted<T>(rows: T[]): T[] {
  return rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

const VIEWS = [
  'v_daily_outcomes',
  'v_check_results',
  'v_decision_latency',
  'v_funnel',
  'v_open_sessions',
  'v_sync_health',
];
