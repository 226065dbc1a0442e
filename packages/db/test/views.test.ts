import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../src/testing/index.js';
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
      'day provider flow_id sessions completed approved rejected review none unknown decided approval_rate';
    expect(rows).toEqual([
      row(k, ['2025-03-01', 'idnow', 'kyc', 3, 3, 2, 1, 0, 0, 0, 3, 2 / 3]),
      row(k, ['2025-03-01', 'verifa', 'kyc', 1, 1, 1, 0, 0, 0, 0, 1, 1]),
      row(k, ['2025-03-02', 'idnow', 'aml', 1, 0, 0, 0, 0, 1, 0, 0, null]),
      row(k, ['2025-03-02', 'idnow', 'kyc', 2, 1, 0, 0, 1, 1, 0, 0, null]),
      row(k, ['2025-03-02', 'verifa', 'kyc', 1, 0, 0, 0, 0, 1, 0, 0, null]),
      row(k, ['2025-03-03', 'idnow', 'aml', 1, 1, 1, 0, 0, 0, 0, 1, 1]),
      row(k, ['2025-03-03', 'verifa', 'aml', 1, 0, 0, 0, 0, 0, 1, 0, null]),
      row(k, ['2025-03-03', 'verifa', 'kyc', 2, 1, 1, 0, 0, 1, 0, 1, 1]),
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
    expect(rows.map((r) => [r.provider, r.flow_id, r.completed_sessions])).toEqual([
      ['idnow', 'aml', 1],
      ['idnow', 'kyc', 4],
      ['verifa', 'kyc', 1],
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
    const k = 'provider flow_id sessions created in_progress completed failed abandoned expired unknown';
    expect(rows).toEqual([
      row(k, ['idnow', 'aml', 2, 0, 0, 1, 0, 1, 0, 0]),
      row(k, ['idnow', 'kyc', 5, 0, 1, 4, 0, 0, 0, 0]),
      row(k, ['verifa', 'aml', 1, 0, 1, 0, 0, 0, 0, 0]),
      row(k, ['verifa', 'kyc', 4, 1, 0, 2, 0, 0, 1, 0]),
    ]);
  });

  it('v_open_sessions: non-terminal, not deleted at the provider, with their age', async () => {
    const before = Date.now();
    const rows = await getDb()
      .db.selectFrom('idv.v_open_sessions')
      .selectAll()
      .orderBy('created_at')
      .execute();
    expect(rows.map((r) => [r.provider, r.session_id, r.status])).toEqual([
      ['idnow', 'idnow-05', 'in_progress'],
      ['verifa', 'verifa-12', 'in_progress'],
    ]);
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
