import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { type IdvDb, REASON_CODES, upsertFlows, upsertSessions } from '../src/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { check, session } from './factories.js';

const T0 = new Date('2025-02-01T00:00:00Z');
const T1 = new Date('2025-02-02T00:00:00Z');
const T2 = new Date('2025-02-03T00:00:00Z');

async function flowsOf(db: IdvDb, provider: string) {
  return db
    .selectFrom('idv.flows')
    .selectAll()
    .where('provider', '=', provider)
    .orderBy('connection')
    .orderBy('flow_id')
    .execute();
}

async function reasonsOf(db: IdvDb, provider: string) {
  const sessions = await db
    .selectFrom('idv.sessions')
    .select(['session_id', 'reason_code', 'provider_reason'])
    .where('provider', '=', provider)
    .orderBy('session_id')
    .execute();
  const checks = await db
    .selectFrom('idv.session_checks')
    .select(['session_id', 'check_id', 'reason_code', 'provider_reason'])
    .where('provider', '=', provider)
    .orderBy('session_id')
    .orderBy('check_id')
    .execute();
  return { sessions, checks };
}

describeEachDatabase('rejection reasons and the flow catalogue', (getDb) => {
  it('stores reason_code and provider_reason of sessions and checks, and replaces them on a newer payload', async () => {
    const { db } = getDb();
    const rejected = session({
      provider: 'p-reasons',
      sessionId: 's1',
      outcome: 'rejected',
      reasonCode: 'document_expired',
      providerReason: 'DOC_EXPIRED',
      checks: [
        check({ checkId: 'c1', result: 'fail', reasonCode: 'document_expired', providerReason: 'EXPIRED' }),
        check({ checkId: 'c2' }),
      ],
    });
    // Records that say nothing about reasons (adapters not filling them yet) store nulls.
    const silent = session({ provider: 'p-reasons', sessionId: 's2', checks: [check({ checkId: 'c1' })] });
    await upsertSessions(db, [rejected, silent], T0);
    expect(await reasonsOf(db, 'p-reasons')).toEqual({
      sessions: [
        { session_id: 's1', reason_code: 'document_expired', provider_reason: 'DOC_EXPIRED' },
        { session_id: 's2', reason_code: null, provider_reason: null },
      ],
      checks: [
        { session_id: 's1', check_id: 'c1', reason_code: 'document_expired', provider_reason: 'EXPIRED' },
        { session_id: 's1', check_id: 'c2', reason_code: null, provider_reason: null },
        { session_id: 's2', check_id: 'c1', reason_code: null, provider_reason: null },
      ],
    });

    // A manual review overturns it: the newer payload's reason wins; an older one changes nothing.
    const reviewed = {
      ...rejected,
      updatedAt: T1,
      reasonCode: 'fraud_suspected' as const,
      providerReason: 'MANUAL: forged',
      checks: [check({ checkId: 'c1', result: 'pass' })],
    };
    expect(await upsertSessions(db, [reviewed], T1)).toEqual({ written: ['s1'], stale: [] });
    expect(await upsertSessions(db, [rejected], T2)).toEqual({ written: [], stale: ['s1'] });
    const after = await reasonsOf(db, 'p-reasons');
    expect(after.sessions[0]).toEqual({
      session_id: 's1',
      reason_code: 'fraud_suspected',
      provider_reason: 'MANUAL: forged',
    });
    expect(after.checks.filter((c) => c.session_id === 's1')).toEqual([
      { session_id: 's1', check_id: 'c1', reason_code: null, provider_reason: null },
    ]);
  });

  it('accepts every code of REASON_CODES and refuses any other (CHECK constraints)', async () => {
    const { db } = getDb();
    const records = REASON_CODES.map((reasonCode, i) =>
      session({
        provider: 'p-codes',
        sessionId: `s${i}`,
        reasonCode,
        checks: [check({ checkId: 'c1', reasonCode })],
      }),
    );
    expect((await upsertSessions(db, records, T0)).written).toHaveLength(REASON_CODES.length);
    const bogus = 'blurry' as (typeof REASON_CODES)[number];
    await expect(
      upsertSessions(db, [session({ provider: 'p-codes', sessionId: 'x', reasonCode: bogus })], T0),
    ).rejects.toThrow(/sessions_reason_code_check/);
    await expect(
      upsertSessions(
        db,
        [
          session({
            provider: 'p-codes',
            sessionId: 'y',
            checks: [check({ checkId: 'c', reasonCode: bogus })],
          }),
        ],
        T0,
      ),
    ).rejects.toThrow(/session_checks_reason_code_check/);
  });

  it('upsertFlows inserts, then updates name and last_seen_at but keeps first_seen_at; never goes backwards', async () => {
    const { db } = getDb();
    const flow = (flowId: string, name: string | null, version: string | null = '1') => ({
      flowId,
      name,
      version,
      environment: 'live',
    });
    // A flow listed twice keeps its last entry (one statement, no key twice).
    await upsertFlows(
      db,
      'p-flows',
      'conn-a',
      [flow('f1', 'Old'), flow('f1', 'First'), flow('f2', null)],
      T0,
    );
    await upsertFlows(db, 'p-flows', 'conn-b', [flow('f1', 'Other account')], T0);
    await upsertFlows(db, 'p-flows', 'conn-a', [flow('f1', 'Renamed', null), flow('f2', 'Named')], T1);
    // Older than what is stored: ignored.
    await upsertFlows(db, 'p-flows', 'conn-a', [flow('f1', 'Stale', '0')], T0);
    // A name the provider no longer gives keeps the stored one.
    await upsertFlows(db, 'p-flows', 'conn-b', [flow('f1', null, '2')], T2);
    const row = (
      connection: string,
      flow_id: string,
      name: string | null,
      version: string,
      first: Date,
      last: Date,
    ) => ({
      provider: 'p-flows',
      connection,
      flow_id,
      name,
      version,
      environment: 'live',
      first_seen_at: first,
      last_seen_at: last,
    });
    expect(await flowsOf(db, 'p-flows')).toEqual([
      row('conn-a', 'f1', 'Renamed', '1', T0, T1),
      row('conn-a', 'f2', 'Named', '1', T0, T1),
      row('conn-b', 'f1', 'Other account', '2', T0, T2),
    ]);
    await upsertFlows(db, 'p-flows', 'conn-a', [], T2);
    expect(await flowsOf(db, 'p-flows')).toHaveLength(3);
  });

  it('records that name their flow upsert idv.flows in the same transaction, once per flow; stale ones do not', async () => {
    const { db } = getDb();
    const s = (
      sessionId: string,
      flowId: string | null,
      flowName: string | null | undefined,
      updatedAt = T0,
    ) =>
      session({
        provider: 'p-records',
        connection: 'cc-live',
        sessionId,
        flowId,
        flowName,
        flowVersion: null,
        environment: null,
        updatedAt,
      });
    await upsertSessions(
      db,
      [
        s('s1', 'tpl-1', 'Onboarding'),
        s('s2', 'tpl-1', 'Onboarding v2'),
        s('s3', 'tpl-2', null),
        s('s4', null, 'x'),
      ],
      T0,
    );
    expect(await flowsOf(db, 'p-records')).toEqual([
      {
        provider: 'p-records',
        connection: 'cc-live',
        flow_id: 'tpl-1',
        name: 'Onboarding v2',
        version: null,
        environment: null,
        first_seen_at: T0,
        last_seen_at: T0,
      },
    ]);
    // A stale record (older payload) does not rename the flow; a written one does.
    await upsertSessions(db, [s('s1', 'tpl-1', 'Stale name', new Date('2024-01-01T00:00:00Z'))], T1);
    expect((await flowsOf(db, 'p-records')).map((f) => [f.name, f.last_seen_at])).toEqual([
      ['Onboarding v2', T0],
    ]);
    await upsertSessions(db, [s('s3', 'tpl-1', 'Onboarding v3', T1)], T2);
    expect((await flowsOf(db, 'p-records')).map((f) => [f.name, f.first_seen_at, f.last_seen_at])).toEqual([
      ['Onboarding v3', T0, T2],
    ]);
    // The batch fails as a whole when one record is refused: no flow row is left behind.
    await expect(
      upsertSessions(
        db,
        [s('s5', 'tpl-9', 'Never'), { ...s('s6', null, null), status: 'bogus' as 'created' }],
        T2,
      ),
    ).rejects.toThrow(/sessions_status_check/);
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM idv.flows WHERE flow_id = 'tpl-9'`.execute(db);
    expect(rows[0]!.n).toBe(0);
  });
});
