import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../src/testing/index.js';
import { loadViewDataset, RUNS } from './view-dataset.js';

/**
 * The SQL of docs/reporting.md, run against the dataset of view-dataset.ts. Every ```sql block of the doc must
 * follow a marker: `<!-- example: <name> -->` (a query whose exact rows are asserted below) or
 * `<!-- setup: <name> -->` (statements with a test of their own). A new block without a marker, or a marker
 * this file does not know, fails.
 */
const DOC_PATH = new URL('../../../docs/reporting.md', import.meta.url);
const doc = readFileSync(DOC_PATH, 'utf8');

interface Block {
  kind: 'example' | 'setup';
  name: string;
  sql: string;
}

const blocks: Block[] = [
  ...doc.matchAll(/<!-- (example|setup): ([a-z0-9-]+) -->\n```sql\n([\s\S]*?)\n```/g),
].map((m) => ({ kind: m[1] as Block['kind'], name: m[2]!, sql: m[3]! }));
const examples = new Map(blocks.filter((b) => b.kind === 'example').map((b) => [b.name, b.sql]));
const setups = new Map(blocks.filter((b) => b.kind === 'setup').map((b) => [b.name, b.sql]));

const row = (keys: string, values: unknown[]) =>
  Object.fromEntries(keys.split(' ').map((k, i) => [k, values[i]]));
const d = (iso: string) => new Date(iso);

/**
 * Exact result rows of each example over view-dataset.ts (its table lists the twelve sessions). Counts are
 * numbers, `numeric` results (round(…)) numbers, `date` columns 'YYYY-MM-DD' strings, `timestamptz` Dates,
 * `uuid` strings (see TYPE_PARSERS).
 */
const EXPECTED: Record<string, Array<Record<string, unknown>>> = (() => {
  const week = 'iso_week provider sessions approved rejected decided approval_rate';
  const failing = 'provider check_type checks fail fail_rate pass_rate';
  const stuck = 'provider session_id flow_id status provider_status last_step_id created_at updated_at';
  const compare =
    'flow_type provider sessions completed approved rejected decided approval_rate completion_rate p50_seconds';
  const trend = 'week_start provider completed_sessions p50_seconds p90_seconds avg_seconds';
  const errors = 'provider last_run_id last_run_status session_id stage reason';
  const stale = 'provider last_successful_run_at last_run_at last_run_status quarantined_last_run';
  const reasons = 'provider flow_name reason_code sessions share_of_provider';
  return {
    // 2025-03-01 (Sat) and 03-02 (Sun) are ISO week 9, 03-03 (Mon) week 10. idnow W09: #1–#6 (#3 is 03-01 23:30
    // UTC): approved #1 #3, rejected #2 → 2/3. verifa W09: #8 approved, #9 none. idnow W10: #7 approved.
    // verifa W10: #10 none, #11 approved, #12 unknown.
    'approval-by-week': [
      row(week, ['2025-W09', 'idnow', 6, 2, 1, 3, 0.6667]),
      row(week, ['2025-W09', 'verifa', 2, 1, 0, 1, 1]),
      row(week, ['2025-W10', 'idnow', 1, 1, 0, 1, 1]),
      row(week, ['2025-W10', 'verifa', 3, 1, 0, 1, 1]),
    ],
    // Only #2 is rejected (face_mismatch); idnow `kyc` is 'KYC (EU)', the newest name in the catalogue.
    'rejection-reasons': [row(reasons, ['idnow', 'KYC (EU)', 'face_mismatch', 1, 1])],
    // verifa DOC: #9 fail (1 of 1 decided); idnow LIVENESS: #2 fail of pass 3, fail 1, review 1.
    'top-failing-checks': [
      row(failing, ['verifa', 'DOC', 1, 1, 1, 0]),
      row(failing, ['idnow', 'LIVENESS', 5, 1, 0.2, 0.6]),
    ],
    // Open: #5, #12 and #10, but #10 is deleted at the provider. Factory defaults: RUNNING, no last step,
    // updated_at = created_at.
    'stuck-sessions': [
      row(stuck, [
        'idnow',
        'idnow-05',
        'kyc',
        'in_progress',
        'RUNNING',
        null,
        d('2025-03-02T11:00:00Z'),
        d('2025-03-02T11:00:00Z'),
      ]),
      row(stuck, [
        'verifa',
        'verifa-12',
        'aml',
        'in_progress',
        'RUNNING',
        null,
        d('2025-03-03T08:00:00Z'),
        d('2025-03-03T08:00:00Z'),
      ]),
    ],
    // idnow kyc #1–#5: 4 completed, approved #1 #3, rejected #2; latencies 60 120 300 600 → p50 210.
    // verifa kyc #8–#11: completed #8 #11 (both approved); only #8 has completed_at → p50 90.
    'provider-comparison': [
      row(compare, ['kyc', 'idnow', 5, 4, 2, 1, 3, 0.6667, 0.8, 210]),
      row(compare, ['kyc', 'verifa', 4, 2, 2, 0, 2, 1, 0.5, 90]),
    ],
    // Week of 2025-02-24: idnow #1–#4 (60 120 300 600: p50 210, p90 300 + 0.7·300 = 510, avg 270), verifa #8
    // (90). Week of 2025-03-03: idnow #7 (30); verifa #11 has no completed_at.
    'latency-trend': [
      row(trend, ['2025-02-24', 'idnow', 4, 210, 510, 270]),
      row(trend, ['2025-02-24', 'verifa', 1, 90, 90, 90]),
      row(trend, ['2025-03-03', 'idnow', 1, 30, 30, 30]),
    ],
    // Last runs: idnow C (still running), verifa B (its own status failed), yoti A (no yoti errors).
    'last-run-errors': [
      row(errors, ['idnow', RUNS.c, 'running', 'y2', 'load', 'constraint']),
      row(errors, ['verifa', RUNS.b, 'failed', 'x2', 'normalize', 'bad payload']),
      row(errors, ['verifa', RUNS.b, 'failed', 'x3', 'normalize', 'bad payload']),
    ],
    // Every successful run is in March 2025, so every provider is stale whenever the test runs.
    'stale-sync': [
      row(stale, ['idnow', d('2025-03-05T00:05:00Z'), d('2025-03-06T00:00:00Z'), 'running', 1]),
      row(stale, ['verifa', d('2025-03-04T00:10:00Z'), d('2025-03-05T00:00:00Z'), 'failed', 2]),
      row(stale, ['yoti', d('2025-03-04T00:10:00Z'), d('2025-03-04T00:00:00Z'), 'succeeded', 0]),
    ],
  };
})();

describe('docs/reporting.md', () => {
  it('marks every sql block, once, as an example or a setup', () => {
    const sqlFences = doc.match(/^```sql$/gm) ?? [];
    const markers = doc.match(/<!-- (example|setup): /g) ?? [];
    expect(blocks).toHaveLength(sqlFences.length);
    expect(blocks).toHaveLength(markers.length);
    expect(new Set(blocks.map((b) => b.name)).size).toBe(blocks.length);
  });

  it('has exactly the examples this test knows', () => {
    expect([...examples.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect([...setups.keys()]).toEqual(['read-only-role']);
  });
});

describeEachDatabase('docs/reporting.md example queries', (getDb) => {
  beforeAll(async () => {
    await loadViewDataset(getDb().db);
  });

  for (const name of Object.keys(EXPECTED)) {
    it(`example ${name} returns the documented rows`, async () => {
      const query = examples.get(name);
      expect(query, `docs/reporting.md has no example "${name}"`).toBeDefined();
      const { rows } = await sql.raw<Record<string, unknown>>(query!).execute(getDb().db);
      expect(rows).toEqual(EXPECTED[name]);
    });
  }

  it('setup read-only-role: the role reads the views and base tables and cannot write', async () => {
    const { db } = getDb();
    // Roles are per server: use a name of our own and roll everything back.
    const role = `idvkit_reader_${randomBytes(4).toString('hex')}`;
    const statements = setups
      .get('read-only-role')!
      .replaceAll('idvkit_reader', role)
      .split(/;\s*(?:\n|$)/)
      .map((s) => s.trim())
      .filter(Boolean);
    expect(statements).toHaveLength(4);
    const rollback = new Error('rollback');
    const outcome = await db
      .transaction()
      .execute(async (trx) => {
        for (const statement of statements) await sql.raw(statement).execute(trx);
        await sql.raw(`SET LOCAL ROLE ${role}`).execute(trx);
        const funnel = await sql<{ n: number }>`SELECT count(*) AS n FROM idv.v_funnel`.execute(trx);
        expect(funnel.rows).toEqual([{ n: 4 }]);
        const health = await sql<{ n: number }>`SELECT count(*) AS n FROM idv.v_sync_health`.execute(trx);
        expect(health.rows).toEqual([{ n: 3 }]);
        const sessions = await sql<{ n: number }>`SELECT count(*) AS n FROM idv.sessions`.execute(trx);
        expect(sessions.rows).toEqual([{ n: 12 }]);
        await expect(
          sql`INSERT INTO idv.sync_state (provider, scope) VALUES ('x', 'y')`.execute(trx),
        ).rejects.toThrow(/permission denied/);
        throw rollback;
      })
      .catch((err: unknown) => err);
    expect(outcome).toBe(rollback);
    const roles = await sql<{ n: number }>`SELECT count(*) AS n FROM pg_roles WHERE rolname = ${role}`;
    expect((await roles.execute(db)).rows).toEqual([{ n: 0 }]);
  });
});
