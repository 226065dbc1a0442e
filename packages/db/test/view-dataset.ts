import { sql } from 'kysely';
import {
  type CheckRecord,
  type IdvDb,
  markDeleted,
  type SessionRecord,
  upsertFlows,
  upsertSessions,
} from '../src/index.js';
import { check, session } from './factories.js';

/** When the dataset was "synced". */
export const SYNCED_AT = new Date('2025-03-07T00:00:00Z');

const at = (iso: string) => new Date(iso);
const plus = (iso: string, seconds: number) => new Date(new Date(iso).getTime() + seconds * 1000);
const c = (checkId: string, checkType: string, result: CheckRecord['result']): CheckRecord =>
  check({ checkId, checkType, result, status: result === 'none' ? 'pending' : 'done' });

function s(
  n: number,
  provider: string,
  flowId: string,
  createdAt: string,
  status: SessionRecord['status'],
  outcome: SessionRecord['outcome'],
  latencySeconds: number | null,
  checks: CheckRecord[] = [],
): SessionRecord {
  const isTerminal = !['created', 'in_progress'].includes(status);
  return session({
    provider,
    sessionId: `${provider}-${String(n).padStart(2, '0')}`,
    flowId,
    createdAt: at(createdAt),
    status,
    isTerminal,
    outcome,
    completedAt: latencySeconds === null ? null : plus(createdAt, latencySeconds),
    updatedAt: at(createdAt),
    checks,
  });
}

/**
 * Twelve sessions over 2 providers × 2 flows × 3 UTC days (2025-03-01 Sat … 2025-03-03 Mon). The expected
 * numbers of every view are worked out by hand in views.test.ts.
 *
 * | #  | provider | flow | created (UTC)     | status      | outcome  | latency | checks                      |
 * | 1  | idnow    | kyc  | 03-01 08:00       | completed   | approved | 60 s    | LIVENESS pass, DOC pass     |
 * | 2  | idnow    | kyc  | 03-01 09:00       | completed   | rejected | 120 s   | LIVENESS fail, DOC pass     |
 * | 3  | idnow    | kyc  | 03-01 23:30 (+02) | completed   | approved | 300 s   | LIVENESS pass               |
 * | 4  | idnow    | kyc  | 03-02 10:00       | completed   | review   | 600 s   | LIVENESS review, DOC none   |
 * | 5  | idnow    | kyc  | 03-02 11:00       | in_progress | none     |         |                             |
 * | 6  | idnow    | aml  | 03-02 12:00       | abandoned   | none     |         |                             |
 * | 7  | idnow    | aml  | 03-03 00:15       | completed   | approved | 30 s    | LIVENESS pass               |
 * | 8  | verifa   | kyc  | 03-01 12:00       | completed   | approved | 90 s    | LIVENESS pass               |
 * | 9  | verifa   | kyc  | 03-02 12:00       | expired     | none     |         | DOC fail                    |
 * | 10 | verifa   | kyc  | 03-03 06:00       | created     | none     |         | (deleted at the provider)   |
 * | 11 | verifa   | kyc  | 03-03 07:00       | completed   | approved | no completed_at | LIVENESS unknown    |
 * | 12 | verifa   | aml  | 03-03 08:00       | in_progress | unknown  |         |                             |
 *
 * #2 is rejected with reason `face_mismatch` (provider reason `SELFIE_MISMATCH`), its LIVENESS check likewise.
 */
export const VIEW_SESSIONS: SessionRecord[] = [
  s(1, 'idnow', 'kyc', '2025-03-01T08:00:00Z', 'completed', 'approved', 60, [
    c('c1', 'LIVENESS', 'pass'),
    c('c2', 'DOC', 'pass'),
  ]),
  {
    ...s(2, 'idnow', 'kyc', '2025-03-01T09:00:00Z', 'completed', 'rejected', 120, [
      { ...c('c1', 'LIVENESS', 'fail'), reasonCode: 'face_mismatch', providerReason: 'SELFIE_MISMATCH' },
      c('c2', 'DOC', 'pass'),
    ]),
    reasonCode: 'face_mismatch',
    providerReason: 'SELFIE_MISMATCH',
  },
  s(3, 'idnow', 'kyc', '2025-03-02T01:30:00+02:00', 'completed', 'approved', 300, [
    c('c1', 'LIVENESS', 'pass'),
  ]),
  s(4, 'idnow', 'kyc', '2025-03-02T10:00:00Z', 'completed', 'review', 600, [
    c('c1', 'LIVENESS', 'review'),
    c('c2', 'DOC', 'none'),
  ]),
  s(5, 'idnow', 'kyc', '2025-03-02T11:00:00Z', 'in_progress', 'none', null),
  s(6, 'idnow', 'aml', '2025-03-02T12:00:00Z', 'abandoned', 'none', null),
  s(7, 'idnow', 'aml', '2025-03-03T00:15:00Z', 'completed', 'approved', 30, [c('c1', 'LIVENESS', 'pass')]),
  s(8, 'verifa', 'kyc', '2025-03-01T12:00:00Z', 'completed', 'approved', 90, [c('c1', 'LIVENESS', 'pass')]),
  s(9, 'verifa', 'kyc', '2025-03-02T12:00:00Z', 'expired', 'none', null, [c('c1', 'DOC', 'fail')]),
  s(10, 'verifa', 'kyc', '2025-03-03T06:00:00Z', 'created', 'none', null),
  s(11, 'verifa', 'kyc', '2025-03-03T07:00:00Z', 'completed', 'approved', null, [
    c('c1', 'LIVENESS', 'unknown'),
  ]),
  s(12, 'verifa', 'aml', '2025-03-03T08:00:00Z', 'in_progress', 'unknown', null),
];

/**
 * The flow catalogue: idnow `kyc` is named by two connections, the newer name ('KYC (EU)') wins; idnow `aml` is
 * known without a name and verifa `aml` not at all (both show their id); verifa `kyc` is 'Verifa KYC' (a newer
 * row without a name does not hide it).
 */
async function loadFlows(db: IdvDb): Promise<void> {
  const flow = (flowId: string, name: string | null) => ({ flowId, name, version: '1', environment: 'live' });
  await upsertFlows(
    db,
    'idnow',
    'idnow',
    [flow('kyc', 'Basic KYC'), flow('aml', null)],
    at('2025-03-05T00:00:00Z'),
  );
  await upsertFlows(db, 'idnow', 'idnow-eu', [flow('kyc', 'KYC (EU)')], at('2025-03-06T00:00:00Z'));
  await upsertFlows(db, 'verifa', 'verifa', [flow('kyc', 'Verifa KYC')], at('2025-03-05T00:00:00Z'));
  // Newer, but without a name: the older name still shows.
  await upsertFlows(db, 'verifa', 'verifa-eu', [flow('kyc', null)], at('2025-03-06T00:00:00Z'));
}

/** Three runs: A (all succeeded), B (partial: verifa failed), C (still running, idnow only). */
export const RUNS = {
  a: '00000000-0000-4000-8000-00000000000a',
  b: '00000000-0000-4000-8000-00000000000b',
  c: '00000000-0000-4000-8000-00000000000c',
};

/** Loads the dataset through the real loaders, plus the flow catalogue, runs and quarantined errors. */
export async function loadViewDataset(db: IdvDb): Promise<void> {
  await upsertSessions(db, VIEW_SESSIONS, SYNCED_AT);
  await loadFlows(db);
  await markDeleted(db, 'verifa', ['verifa-10'], SYNCED_AT);
  await sql`
    INSERT INTO idv.sync_runs (run_id, started_at, finished_at, status, providers, connections, options, stats)
    VALUES
    (${RUNS.a}, '2025-03-04T00:00:00Z', '2025-03-04T00:10:00Z', 'succeeded', '{idnow,verifa,yoti}',
      '{idnow,verifa,yoti}', '{}', '{"idnow": {"status": "succeeded"}, "verifa": {"status": "succeeded"}}'),
    (${RUNS.b}, '2025-03-05T00:00:00Z', '2025-03-05T00:05:00Z', 'partial', '{idnow,verifa}', '{idnow,verifa}',
      '{}', '{"idnow": {"status": "succeeded"}, "verifa": {"status": "failed"}}'),
    (${RUNS.c}, '2025-03-06T00:00:00Z', NULL, 'running', '{idnow}', '{idnow}', '{}', NULL)`.execute(db);
  await sql`
    INSERT INTO idv.sync_errors (run_id, provider, connection, session_id, stage, reason) VALUES
    (${RUNS.a}, 'verifa', 'verifa', 'x1', 'fetch', 'HTTP 500'),
    (${RUNS.b}, 'verifa', 'verifa', 'x2', 'normalize', 'bad payload'),
    (${RUNS.b}, 'verifa', 'verifa', 'x3', 'normalize', 'bad payload'),
    (${RUNS.b}, 'idnow', 'idnow', 'y1', 'fetch', 'timeout'),
    (${RUNS.c}, 'idnow', 'idnow', 'y2', 'load', 'constraint')`.execute(db);
}
