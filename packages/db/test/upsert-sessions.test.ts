import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { getSyncState, type IdvDb, type SessionRecord, upsertSessions } from '../src/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { check, session } from './factories.js';

const T0 = new Date('2025-02-01T00:00:00Z');
const T1 = new Date('2025-02-02T00:00:00Z');
const T2 = new Date('2025-02-03T00:00:00Z');

async function checksOf(db: IdvDb, provider: string, sessionId: string) {
  return db
    .selectFrom('idv.session_checks')
    .select(['check_id', 'result', 'raw'])
    .where('provider', '=', provider)
    .where('session_id', '=', sessionId)
    .orderBy('check_id')
    .execute();
}

async function sessionRow(db: IdvDb, provider: string, sessionId: string) {
  return db
    .selectFrom('idv.sessions')
    .selectAll()
    .where('provider', '=', provider)
    .where('session_id', '=', sessionId)
    .executeTakeFirstOrThrow();
}

describeEachDatabase('upsertSessions', (getDb) => {
  it('inserts sessions with their checks and datablocks', async () => {
    const { db } = getDb();
    const s = session({
      provider: 'p-insert',
      sessionId: 's1',
      status: 'completed',
      isTerminal: true,
      outcome: 'approved',
      providerOutcome: 'ACCEPTED',
      completedAt: new Date('2025-01-01T10:05:00Z'),
      raw: { nested: { list: [1, 2] }, text: 'a\u0000b' },
      checks: [check({ checkId: 'c1' }), check({ checkId: 'c2', result: 'fail' })],
      datablocks: [{ datablockType: 'ID_DOCUMENT', datablockId: 'd1', status: 'STORED', createdAt: T0 }],
    });
    expect(await upsertSessions(db, [s], T0)).toEqual({ written: ['s1'], stale: [] });

    const row = await sessionRow(db, 'p-insert', 's1');
    expect(row).toMatchObject({
      status: 'completed',
      is_terminal: true,
      outcome: 'approved',
      provider_outcome: 'ACCEPTED',
      flow_id: 'flow-a',
      created_at: new Date('2025-01-01T10:00:00Z'),
      completed_at: new Date('2025-01-01T10:05:00Z'),
      first_synced_at: T0,
      last_synced_at: T0,
      provider_deleted_at: null,
      // jsonb cannot hold U+0000: it is dropped rather than failing the batch.
      raw: { nested: { list: [1, 2] }, text: 'ab' },
    });
    expect(await checksOf(db, 'p-insert', 's1')).toEqual([
      { check_id: 'c1', result: 'pass', raw: { id: 'c1' } },
      { check_id: 'c2', result: 'fail', raw: { id: 'c2' } },
    ]);
    const blocks = await db
      .selectFrom('idv.session_datablocks')
      .selectAll()
      .where('provider', '=', 'p-insert')
      .execute();
    expect(blocks).toEqual([
      {
        provider: 'p-insert',
        session_id: 's1',
        connection: 'p-insert',
        datablock_type: 'ID_DOCUMENT',
        datablock_id: 'd1',
        status: 'STORED',
        created_at: T0,
      },
    ]);
  });

  it('replaces checks and datablocks on update and keeps first_synced_at', async () => {
    const { db } = getDb();
    const v1 = session({
      provider: 'p-update',
      sessionId: 's1',
      updatedAt: T0,
      checks: [check({ checkId: 'c1' }), check({ checkId: 'c2' })],
      datablocks: [{ datablockType: 'SELFIE', datablockId: 'd1', status: 'STORED', createdAt: null }],
    });
    await upsertSessions(db, [v1], T0);
    const v2 = {
      ...v1,
      updatedAt: T1,
      status: 'completed' as const,
      isTerminal: true,
      checks: [check({ checkId: 'c3', result: 'review' })],
      datablocks: [],
    };
    expect(await upsertSessions(db, [v2], T1)).toEqual({ written: ['s1'], stale: [] });

    expect(await checksOf(db, 'p-update', 's1')).toEqual([
      { check_id: 'c3', result: 'review', raw: { id: 'c3' } },
    ]);
    const blocks = await db
      .selectFrom('idv.session_datablocks')
      .selectAll()
      .where('provider', '=', 'p-update')
      .execute();
    expect(blocks).toEqual([]);
    expect(await sessionRow(db, 'p-update', 's1')).toMatchObject({
      status: 'completed',
      is_terminal: true,
      updated_at: T1,
      first_synced_at: T0,
      last_synced_at: T1,
    });
  });

  it('does not let an older payload overwrite a newer one, and reports it stale', async () => {
    const { db } = getDb();
    const newer = session({
      provider: 'p-stale',
      sessionId: 's1',
      updatedAt: T1,
      status: 'completed',
      isTerminal: true,
      checks: [check({ checkId: 'new' })],
    });
    await upsertSessions(db, [newer], T1);
    const older = session({
      provider: 'p-stale',
      sessionId: 's1',
      updatedAt: T0,
      checks: [check({ checkId: 'old' })],
    });
    const fresh = session({ provider: 'p-stale', sessionId: 's2', updatedAt: T0 });

    expect(await upsertSessions(db, [older, fresh], T2)).toEqual({ written: ['s2'], stale: ['s1'] });
    expect(await sessionRow(db, 'p-stale', 's1')).toMatchObject({ status: 'completed', last_synced_at: T1 });
    expect((await checksOf(db, 'p-stale', 's1')).map((c) => c.check_id)).toEqual(['new']);
  });

  it('is idempotent: the same payload twice keeps one row and moves last_synced_at', async () => {
    const { db } = getDb();
    const s = session({ provider: 'p-idem', sessionId: 's1', checks: [check({ checkId: 'c1' })] });
    await upsertSessions(db, [s], T0);
    expect(await upsertSessions(db, [s], T1)).toEqual({ written: ['s1'], stale: [] });

    const counts = await sql<{ sessions: number; checks: number }>`
      SELECT (SELECT count(*) FROM idv.sessions WHERE provider = 'p-idem') AS sessions,
             (SELECT count(*) FROM idv.session_checks WHERE provider = 'p-idem') AS checks`.execute(db);
    expect(counts.rows[0]).toEqual({ sessions: 1, checks: 1 });
    expect(await sessionRow(db, 'p-idem', 's1')).toMatchObject({ first_synced_at: T0, last_synced_at: T1 });
  });

  it('keeps the last record of a session repeated within one batch', async () => {
    const { db } = getDb();
    const first = session({ provider: 'p-dup', sessionId: 's1', providerStatus: 'FIRST' });
    const last = session({ provider: 'p-dup', sessionId: 's1', providerStatus: 'LAST' });
    expect(await upsertSessions(db, [first, last], T0)).toEqual({ written: ['s1'], stale: [] });
    expect((await sessionRow(db, 'p-dup', 's1')).provider_status).toBe('LAST');
  });

  it('clears provider_deleted_at when a session is written again', async () => {
    const { db } = getDb();
    const s = session({ provider: 'p-undelete', sessionId: 's1' });
    await upsertSessions(db, [s], T0);
    await db
      .updateTable('idv.sessions')
      .set({ provider_deleted_at: T0 })
      .where('provider', '=', 'p-undelete')
      .execute();
    await upsertSessions(db, [s], T1);
    expect((await sessionRow(db, 'p-undelete', 's1')).provider_deleted_at).toBeNull();
  });

  it('joins a caller transaction: a rollback discards the load', async () => {
    const { db } = getDb();
    const s = session({ provider: 'p-trx', sessionId: 's1', checks: [check({ checkId: 'c1' })] });
    const rollback = new Error('rollback');
    await expect(
      db.transaction().execute(async (trx) => {
        expect((await upsertSessions(trx, [s], T0)).written).toEqual(['s1']);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    const rows = await db
      .selectFrom('idv.sessions')
      .select('session_id')
      .where('provider', '=', 'p-trx')
      .execute();
    expect(rows).toEqual([]);
  });

  it('loads 1,000 sessions with 3 checks each in one call', async () => {
    const { db } = getDb();
    const batch = Array.from({ length: 1000 }, (_, i) =>
      session({
        provider: 'p-bulk',
        sessionId: `s${String(i).padStart(4, '0')}`,
        checks: [check({ checkId: 'a' }), check({ checkId: 'b' }), check({ checkId: 'c' })],
      }),
    );
    const result = await upsertSessions(db, batch, T0);
    expect(result.written).toHaveLength(1000);
    expect(result.stale).toEqual([]);
    const counts = await sql<{ sessions: number; checks: number }>`
      SELECT (SELECT count(*) FROM idv.sessions WHERE provider = 'p-bulk') AS sessions,
             (SELECT count(*) FROM idv.session_checks WHERE provider = 'p-bulk') AS checks`.execute(db);
    expect(counts.rows[0]).toEqual({ sessions: 1000, checks: 3000 });
  });

  it('commits checkpoints with the rows of the batch, or neither', async () => {
    const { db } = getDb();
    const checkpoint = { provider: 'p-ckpt', scope: 'flow-a/live', watermark: T1 };
    const good = session({ provider: 'p-ckpt', sessionId: 's1' });
    // An out-of-vocabulary status fails the CHECK constraint: the batch statement, and with it the checkpoint.
    const bad = session({ provider: 'p-ckpt', sessionId: 's2', status: 'bogus' as SessionRecord['status'] });
    await expect(upsertSessions(db, [good, bad], T0, { checkpoints: [checkpoint] })).rejects.toThrow(
      /check constraint/i,
    );
    expect(await getSyncState(db, 'p-ckpt', 'flow-a/live')).toBeNull();
    const stored = await db.selectFrom('idv.sessions').select('session_id').where('provider', '=', 'p-ckpt');
    expect(await stored.execute()).toEqual([]);

    expect(await upsertSessions(db, [good], T0, { checkpoints: [checkpoint] })).toEqual({
      written: ['s1'],
      stale: [],
    });
    expect((await getSyncState(db, 'p-ckpt', 'flow-a/live'))?.watermark).toEqual(T1);
    expect(await stored.execute()).toEqual([{ session_id: 's1' }]);
  });

  it('saves checkpoints alone when the batch is empty', async () => {
    const { db } = getDb();
    await upsertSessions(db, [], T0, {
      checkpoints: [
        { provider: 'p-ckpt-only', scope: 'a', watermark: T0 },
        { provider: 'p-ckpt-only', scope: 'b', watermark: null },
      ],
    });
    expect((await getSyncState(db, 'p-ckpt-only', 'a'))?.watermark).toEqual(T0);
    expect(await getSyncState(db, 'p-ckpt-only', 'b')).toMatchObject({ watermark: null, cursor: null });
  });

  it('returns empty results for an empty batch', async () => {
    const { db } = getDb();
    expect(await upsertSessions(db, [], T0)).toEqual({ written: [], stale: [] });
  });
});
