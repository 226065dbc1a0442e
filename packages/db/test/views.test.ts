import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import {
  markDeleted,
  type ReasonCode,
  type SessionRecord,
  upsertFlows,
  upsertSessions,
} from '../src/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { session } from './factories.js';
import { loadViewDataset, RUNS, SYNCED_AT } from './view-dataset.js';

const row = (keys: string, values: unknown[]) =>
  Object.fromEntries(keys.split(' ').map((k, i) => [k, values[i]]));

describeEachDatabase('reporting views', (getDb) => {
  beforeAll(async () => {
    await loadViewDataset(getDb().db);
  });

  it('v_daily_outcomes: per UTC day, provider and flow; approval_rate = approved / (approved + rejected)', async () => {
    const rows = await getDb()
      .db.selectFrom('idv.v_daily_outcomes')
      .selectAll()
      .orderBy('day')
      .orderBy('provider')
      .orderBy('flow_id')
      .execute();
    const k =
      'day provider flow_id sessions completed approved rejected review none unknown decided approval_rate flow_name';
    expect(rows).toEqual([
      row(k, ['2025-03-01', 'idnow', 'kyc', 3, 3, 2, 1, 0, 0, 0, 3, 2 / 3, 'KYC (EU)']),
      row(k, ['2025-03-01', 'verifa', 'kyc', 1, 1, 1, 0, 0, 0, 0, 1, 1, 'Verifa KYC']),
      row(k, ['2025-03-02', 'idnow', 'aml', 1, 0, 0, 0, 0, 1, 0, 0, null, 'aml']),
      row(k, ['2025-03-02', 'idnow', 'kyc', 2, 1, 0, 0, 1, 1, 0, 0, null, 'KYC (EU)']),
      row(k, ['2025-03-02', 'verifa', 'kyc', 1, 0, 0, 0, 0, 1, 0, 0, null, 'Verifa KYC']),
      row(k, ['2025-03-03', 'idnow', 'aml', 1, 1, 1, 0, 0, 0, 0, 1, 1, 'aml']),
      row(k, ['2025-03-03', 'verifa', 'aml', 1, 0, 0, 0, 0, 0, 1, 0, null, 'aml']),
      row(k, ['2025-03-03', 'verifa', 'kyc', 2, 1, 1, 0, 0, 1, 0, 1, 1, 'Verifa KYC']),
    ]);
  });

  it('v_check_results: per provider and check type; pass_rate = pass / (pass + fail + review)', async () => {
    const rows = await getDb()
      .db.selectFrom('idv.v_check_results')
      .selectAll()
      .orderBy('provider')
      .orderBy('check_type')
      .execute();
    const k = 'provider check_type checks pass fail review none unknown pass_rate';
    expect(rows).toEqual([
      row(k, ['idnow', 'DOC', 3, 2, 0, 0, 1, 0, 1]),
      row(k, ['idnow', 'LIVENESS', 5, 3, 1, 1, 0, 0, 0.6]),
      row(k, ['verifa', 'DOC', 1, 0, 1, 0, 0, 0, 0]),
      row(k, ['verifa', 'LIVENESS', 2, 1, 0, 0, 0, 1, 1]),
    ]);
  });

  it('v_decision_latency: percentiles of completed sessions with both timestamps', async () => {
    const rows = await getDb()
      .db.selectFrom('idv.v_decision_latency')
      .selectAll()
      .orderBy('provider')
      .orderBy('flow_id')
      .execute();
    // idnow/kyc latencies 60, 120, 300, 600 s; percentile_cont interpolates at p·(n−1):
    // p50 → 1.5 → 120 + 0.5·180 = 210; p90 → 2.7 → 300 + 0.7·300 = 510; p99 → 2.97 → 300 + 0.97·300 = 591.
    expect(rows.map((r) => [r.provider, r.flow_id, r.completed_sessions, r.flow_name])).toEqual([
      ['idnow', 'aml', 1, 'aml'],
      ['idnow', 'kyc', 4, 'KYC (EU)'],
      ['verifa', 'kyc', 1, 'Verifa KYC'],
    ]);
    const seconds = rows.map((r) => [r.p50_seconds, r.p90_seconds, r.p99_seconds, r.avg_seconds]);
    const expected = [
      [30, 30, 30, 30],
      [210, 510, 591, 270],
      [90, 90, 90, 90],
    ];
    seconds.forEach((values, i) => {
      values.forEach((v, j) => {
        expect(v).toBeCloseTo(expected[i]![j]!, 9);
      });
    });
  });

  it('v_funnel: sessions per normalized status', async () => {
    const rows = await getDb()
      .db.selectFrom('idv.v_funnel')
      .selectAll()
      .orderBy('provider')
      .orderBy('flow_id')
      .execute();
    const k =
      'provider flow_id sessions created in_progress completed failed abandoned expired unknown flow_name';
    expect(rows).toEqual([
      row(k, ['idnow', 'aml', 2, 0, 0, 1, 0, 1, 0, 0, 'aml']),
      row(k, ['idnow', 'kyc', 5, 0, 1, 4, 0, 0, 0, 0, 'KYC (EU)']),
      row(k, ['verifa', 'aml', 1, 0, 1, 0, 0, 0, 0, 0, 'aml']),
      row(k, ['verifa', 'kyc', 4, 1, 0, 2, 0, 0, 1, 0, 'Verifa KYC']),
    ]);
  });

  it('v_open_sessions: non-terminal, not deleted at the provider, with their age', async () => {
    const before = Date.now();
    const rows = await getDb()
      .db.selectFrom('idv.v_open_sessions')
      .selectAll()
      .orderBy('created_at')
      .execute();
    expect(rows.map((r) => [r.provider, r.session_id, r.status, r.flow_id, r.flow_name])).toEqual([
      ['idnow', 'idnow-05', 'in_progress', 'kyc', 'KYC (EU)'],
      ['verifa', 'verifa-12', 'in_progress', 'aml', 'aml'],
    ]);
    // flow_name is appended: the columns before it keep their order (CREATE OR REPLACE VIEW).
    expect(Object.keys(rows[0]!).slice(-2)).toEqual(['connection', 'flow_name']);
    for (const r of rows) {
      const expectedAge = (before - r.created_at!.getTime()) / 1000;
      expect(Math.abs(r.age_seconds! - expectedAge)).toBeLessThan(60);
      expect(r.age).toMatch(/^\d+ days \d\d:\d\d:\d\d/);
    }
  });

  it('v_sync_health: per provider, from runs, their per-provider stats status and quarantined errors', async () => {
    const rows = await getDb().db.selectFrom('idv.v_sync_health').selectAll().orderBy('provider').execute();
    const k =
      'provider last_run_id last_run_at last_run_finished_at last_run_status last_successful_run_at ' +
      'sessions_synced open_sessions last_session_synced_at quarantined_last_run';
    const d = (iso: string) => new Date(iso);
    expect(rows).toEqual([
      row(k, [
        'idnow',
        RUNS.c,
        d('2025-03-06T00:00:00Z'),
        null,
        'running',
        d('2025-03-05T00:05:00Z'),
        7,
        1,
        SYNCED_AT,
        1,
      ]),
      row(k, [
        'verifa',
        RUNS.b,
        d('2025-03-05T00:00:00Z'),
        d('2025-03-05T00:05:00Z'),
        'failed',
        d('2025-03-04T00:10:00Z'),
        5,
        1,
        SYNCED_AT,
        2,
      ]),
      row(k, [
        'yoti',
        RUNS.a,
        d('2025-03-04T00:00:00Z'),
        d('2025-03-04T00:10:00Z'),
        'succeeded',
        d('2025-03-04T00:10:00Z'),
        0,
        0,
        null,
        0,
      ]),
    ]);
  });
});

describeEachDatabase('reporting views: flow_name', (getDb) => {
  beforeAll(async () => {
    await loadViewDataset(getDb().db);
  });

  it('is the last column of every view that has flow_id, and only of those', async () => {
    const { rows } = await sql<{ view: string; columns: string[] }>`
      SELECT c.table_name AS view, array_agg(c.column_name::text ORDER BY c.ordinal_position) AS columns
      FROM information_schema.columns c
      JOIN information_schema.views v ON v.table_schema = c.table_schema AND v.table_name = c.table_name
      WHERE c.table_schema = 'idv'
      GROUP BY c.table_name ORDER BY c.table_name`.execute(getDb().db);
    const withFlowId = rows.filter((r) => r.columns.includes('flow_id'));
    expect(withFlowId.map((r) => r.view)).toEqual([
      'v_daily_outcomes',
      'v_decision_latency',
      'v_funnel',
      'v_open_sessions',
      'v_rejection_reasons',
    ]);
    for (const r of rows.filter((r) => r.view !== 'v_rejection_reasons')) {
      expect({ view: r.view, last: r.columns.at(-1) }).toEqual({
        view: r.view,
        last: r.columns.includes('flow_id') ? 'flow_name' : r.columns.at(-1),
      });
    }
    expect(rows.flatMap((r) => (r.columns.includes('flow_id') ? [] : r.columns))).not.toContain('flow_name');
  });

  it('v_rejection_reasons: the dataset has one rejected session (#2, face_mismatch)', async () => {
    const rows = await getDb().db.selectFrom('idv.v_rejection_reasons').selectAll().execute();
    const k = 'day provider connection flow_id flow_name reason_code sessions';
    expect(rows).toEqual([row(k, ['2025-03-01', 'idnow', 'idnow', 'kyc', 'KYC (EU)', 'face_mismatch', 1])]);
  });
});

const REJECTION_SESSIONS: SessionRecord[] = (() => {
  const r = (
    sessionId: string,
    provider: string,
    connection: string,
    flowId: string | null,
    createdAt: string | null,
    outcome: SessionRecord['outcome'],
    reasonCode: ReasonCode | null,
    providerReason: string | null = reasonCode?.toUpperCase() ?? null,
  ) =>
    session({
      provider,
      connection,
      sessionId,
      flowId,
      createdAt: createdAt === null ? null : new Date(createdAt),
      status: 'completed',
      isTerminal: true,
      outcome,
      reasonCode,
      providerReason,
    });
  return [
    r('r01', 'idnow', 'idnow', 'kyc', '2025-03-01T10:00:00Z', 'rejected', 'document_expired'),
    r('r02', 'idnow', 'idnow', 'kyc', '2025-03-01T11:00:00Z', 'rejected', 'document_expired'),
    r('r03', 'idnow', 'idnow', 'kyc', '2025-03-01T21:30:00Z', 'rejected', 'face_mismatch'),
    r('r04', 'idnow', 'idnow-eu', 'kyc', '2025-03-01T12:00:00Z', 'rejected', 'document_expired'),
    // 03-02 01:00 in UTC+2 is 03-01 23:00 UTC.
    r('r05', 'idnow', 'idnow', 'kyc', '2025-03-02T01:00:00+02:00', 'rejected', 'document_expired'),
    // No reason given, and a reason the adapter could not map: both count under 'other'.
    r('r06', 'idnow', 'idnow', 'kyc', '2025-03-02T09:00:00Z', 'rejected', null),
    r('r07', 'idnow', 'idnow', 'kyc', '2025-03-02T10:00:00Z', 'rejected', 'other', 'CODE_42'),
    // Not rejected: left out, even with a reason.
    r('r08', 'idnow', 'idnow', 'kyc', '2025-03-02T11:00:00Z', 'review', 'fraud_suspected'),
    r('r09', 'idnow', 'idnow', 'kyc', '2025-03-02T12:00:00Z', 'approved', null),
    // No flow (Yoti-like); deleted at the provider afterwards, still counted.
    r('r10', 'verifa', 'verifa', null, '2025-03-02T12:00:00Z', 'rejected', 'watchlist_hit'),
    // No creation time: no day to count it under (as in v_daily_outcomes).
    r('r11', 'verifa', 'verifa', 'wf-1', null, 'rejected', 'fraud_suspected'),
    r('r12', 'verifa', 'verifa', 'wf-1', '2025-03-03T08:00:00Z', 'rejected', 'fraud_suspected'),
  ];
})();

describeEachDatabase('reporting views: v_rejection_reasons', (getDb) => {
  beforeAll(async () => {
    const { db } = getDb();
    await upsertSessions(db, REJECTION_SESSIONS, SYNCED_AT);
    await markDeleted(db, 'verifa', ['r10'], SYNCED_AT);
    const flow = (flowId: string, name: string) => ({ flowId, name, version: null, environment: null });
    await upsertFlows(db, 'idnow', 'idnow', [flow('kyc', 'KYC')], SYNCED_AT);
    await upsertFlows(db, 'verifa', 'verifa', [flow('wf-1', 'Onboarding')], SYNCED_AT);
  });

  it('counts rejected sessions per UTC day, provider, connection, flow and reason; no reason counts as other', async () => {
    const rows = await getDb()
      .db.selectFrom('idv.v_rejection_reasons')
      .selectAll()
      .orderBy('day')
      .orderBy('provider')
      .orderBy('connection')
      .orderBy('flow_id')
      .orderBy('reason_code')
      .execute();
    const k = 'day provider connection flow_id flow_name reason_code sessions';
    expect(rows).toEqual([
      row(k, ['2025-03-01', 'idnow', 'idnow', 'kyc', 'KYC', 'document_expired', 3]),
      row(k, ['2025-03-01', 'idnow', 'idnow', 'kyc', 'KYC', 'face_mismatch', 1]),
      row(k, ['2025-03-01', 'idnow', 'idnow-eu', 'kyc', 'KYC', 'document_expired', 1]),
      row(k, ['2025-03-02', 'idnow', 'idnow', 'kyc', 'KYC', 'other', 2]),
      row(k, ['2025-03-02', 'verifa', 'verifa', null, null, 'watchlist_hit', 1]),
      row(k, ['2025-03-03', 'verifa', 'verifa', 'wf-1', 'Onboarding', 'fraud_suspected', 1]),
    ]);
  });

  it('adds up to v_daily_outcomes.rejected per day, provider and flow', async () => {
    const { rows } = await sql<{ day: string; provider: string; flow_id: string | null; n: number }>`
      SELECT day, provider, flow_id, sum(sessions)::int AS n FROM idv.v_rejection_reasons
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`.execute(getDb().db);
    const daily = await getDb()
      .db.selectFrom('idv.v_daily_outcomes')
      .select(['day', 'provider', 'flow_id', 'rejected as n'])
      .where('rejected', '>', 0)
      .orderBy('day')
      .orderBy('provider')
      .orderBy('flow_id')
      .execute();
    expect(rows).toEqual(daily);
    expect(rows.reduce((n, r) => n + r.n, 0)).toBe(9);
  });
});
