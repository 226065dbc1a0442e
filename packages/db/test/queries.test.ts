import { sql } from 'kysely';
import { expect, it } from 'vitest';
import {
  countDiscovered,
  enqueueDiscovered,
  finishRun,
  getFinalChecks,
  getFinalChecksOf,
  getStoredVersions,
  getSyncState,
  listDiscoveredToFetch,
  listOpenSessions,
  listRuns,
  markDeleted,
  oldestOpenCreatedAt,
  recordSyncError,
  saveSyncState,
  startRun,
  upsertSessions,
} from '../src/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { check, session } from './factories.js';

const T0 = new Date('2025-04-01T00:00:00Z');
const T1 = new Date('2025-04-02T00:00:00Z');
const T2 = new Date('2025-04-03T00:00:00Z');

async function collect<T>(iterable: AsyncIterable<T[]>): Promise<T[][]> {
  const batches: T[][] = [];
  for await (const batch of iterable) batches.push(batch);
  return batches;
}

describeEachDatabase('queries', (getDb) => {
  it('getStoredVersions returns what is stored for known ids only', async () => {
    const { db } = getDb();
    await upsertSessions(
      db,
      [
        session({ provider: 'q-ver', sessionId: 'a', updatedAt: T0, status: 'completed', isTerminal: true }),
        session({ provider: 'q-ver', sessionId: 'b', updatedAt: null }),
        session({ provider: 'q-other', sessionId: 'a', updatedAt: T1 }),
      ],
      T1,
    );
    const stored = await getStoredVersions(db, 'q-ver', ['a', 'b', 'missing']);
    expect([...stored.entries()].sort()).toEqual([
      ['a', { updatedAt: T0, isTerminal: true, status: 'completed', lastSyncedAt: T1 }],
      ['b', { updatedAt: null, isTerminal: false, status: 'in_progress', lastSyncedAt: T1 }],
    ]);
    expect((await getStoredVersions(db, 'q-ver', [])).size).toBe(0);
  });

  it('listOpenSessions pages by session id in batches of 500 and filters by scope and age', async () => {
    const { db } = getDb();
    const open = Array.from({ length: 1203 }, (_, i) =>
      session({
        provider: 'q-open',
        sessionId: `s${String(i).padStart(5, '0')}`,
        environment: i % 2 === 0 ? 'live' : 'staging',
        createdAt: i === 0 ? null : new Date(T0.getTime() + i * 1000),
      }),
    );
    const done = session({ provider: 'q-open', sessionId: 'z-done', status: 'completed', isTerminal: true });
    const deleted = session({
      provider: 'q-open',
      sessionId: 'z-deleted',
      createdAt: new Date('2020-01-01Z'),
    });
    await upsertSessions(db, [...open, done, deleted], T1);
    expect(await markDeleted(db, 'q-open', ['z-deleted'], T1)).toBe(1);

    const batches = await collect(listOpenSessions(db, 'q-open'));
    expect(batches.map((b) => b.length)).toEqual([500, 500, 203]);
    const ids = batches.flat().map((s) => s.sessionId);
    expect(ids).toEqual(open.map((s) => s.sessionId));
    expect(batches[0]![1]).toEqual({
      sessionId: 's00001',
      environment: 'staging',
      flowId: 'flow-a',
      createdAt: new Date(T0.getTime() + 1000),
    });

    const live = (
      await collect(listOpenSessions(db, 'q-open', { scope: { environment: 'live', flowId: null } }))
    ).flat();
    expect(live).toHaveLength(602);
    expect(live.every((s) => s.environment === 'live')).toBe(true);

    // Created before T0 + 3 s: s00001, s00002, and s00000 whose creation time is unknown.
    const old = (
      await collect(listOpenSessions(db, 'q-open', { createdBefore: new Date(T0.getTime() + 3000) }))
    ).flat();
    expect(old.map((s) => s.sessionId)).toEqual(['s00000', 's00001', 's00002']);

    expect(await oldestOpenCreatedAt(db, 'q-open')).toEqual(new Date(T0.getTime() + 1000));
    expect(await oldestOpenCreatedAt(db, 'q-open', { environment: 'live' })).toEqual(
      new Date(T0.getTime() + 2000),
    );
    expect(await oldestOpenCreatedAt(db, 'q-none')).toBeNull();
  });

  it('markDeleted marks once and keeps the first deletion time', async () => {
    const { db } = getDb();
    await upsertSessions(db, [session({ provider: 'q-del', sessionId: 'a' })], T0);
    expect(await markDeleted(db, 'q-del', ['a', 'unknown'], T1)).toBe(1);
    expect(await markDeleted(db, 'q-del', ['a'], T2)).toBe(0);
    expect(await markDeleted(db, 'q-del', [], T2)).toBe(0);
    const row = await db
      .selectFrom('idv.sessions')
      .select('provider_deleted_at')
      .where('provider', '=', 'q-del')
      .execute();
    expect(row).toEqual([{ provider_deleted_at: T1 }]);
  });

  it('saveSyncState upserts the checkpoint of a scope', async () => {
    const { db } = getDb();
    expect(await getSyncState(db, 'q-state', 'flow-a/live')).toBeNull();
    await saveSyncState(db, 'q-state', 'flow-a/live', { watermark: T0, cursor: { page: 3, ids: ['x'] } });
    expect(await getSyncState(db, 'q-state', 'flow-a/live')).toMatchObject({
      watermark: T0,
      cursor: { page: 3, ids: ['x'] },
    });
    await db.transaction().execute((trx) => saveSyncState(trx, 'q-state', 'flow-a/live', { watermark: T1 }));
    const state = await getSyncState(db, 'q-state', 'flow-a/live');
    expect(state).toMatchObject({ watermark: T1, cursor: null });
    expect(state?.updatedAt).toBeInstanceOf(Date);
    expect(await getSyncState(db, 'q-state', 'other')).toBeNull();
  });

  it('startRun / finishRun / listRuns / recordSyncError record a run', async () => {
    const { db } = getDb();
    const { runId } = await startRun(db, { providers: ['idnow', 'verifa'], options: { full: true } });
    expect(runId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await listRuns(db, 10))[0]).toMatchObject({
      runId,
      status: 'running',
      finishedAt: null,
      stats: null,
    });

    await recordSyncError(db, {
      runId,
      provider: 'verifa',
      sessionId: 'ses_1',
      stage: 'normalize',
      reason: 'unexpected status',
      payload: { status: 'weird', list: [1] },
    });
    const stats = { idnow: { status: 'succeeded', fetched: 2 }, verifa: { status: 'partial', failed: 1 } };
    await finishRun(db, runId, { status: 'partial', stats, error: 'verifa: 1 record quarantined' });

    const [run] = await listRuns(db, 1);
    expect(run).toMatchObject({
      runId,
      status: 'partial',
      providers: ['idnow', 'verifa'],
      stats,
      error: 'verifa: 1 record quarantined',
    });
    expect(run?.finishedAt).toBeInstanceOf(Date);
    const errors = await db.selectFrom('idv.sync_errors').selectAll().where('run_id', '=', runId).execute();
    expect(errors).toMatchObject([
      {
        provider: 'verifa',
        session_id: 'ses_1',
        stage: 'normalize',
        payload: { status: 'weird', list: [1] },
      },
    ]);
    await expect(
      finishRun(db, '00000000-0000-4000-8000-000000000000', { status: 'failed', stats: {} }),
    ).rejects.toThrow(/no sync run with id/);
  });

  it('listRuns returns the newest first, up to the limit', async () => {
    const { db } = getDb();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { runId } = await startRun(db, { providers: ['p'], options: null });
      await sql`UPDATE idv.sync_runs SET started_at = ${`2030-01-0${i + 1}T00:00:00Z`}::timestamptz
        WHERE run_id = ${runId}::uuid`.execute(db);
      ids.push(runId);
    }
    expect((await listRuns(db, 2)).map((r) => r.runId)).toEqual([ids[2], ids[1]]);
  });

  it('enqueueDiscovered and listDiscoveredToFetch: new, open and re-discovered sessions are fetched', async () => {
    const { db } = getDb();
    const n = await enqueueDiscovered(
      db,
      'q-yoti',
      [
        { sessionId: 'new', source: 'notification', topic: 'session_completion' },
        { sessionId: 'open', source: 'notification' },
        { sessionId: 'done', source: 'enqueue' },
        { sessionId: 'done', source: 'enqueue', topic: 'check_completion' },
      ],
      T0,
    );
    expect(n).toBe(3);
    await upsertSessions(
      db,
      [
        session({ provider: 'q-yoti', sessionId: 'open' }),
        session({ provider: 'q-yoti', sessionId: 'done', status: 'completed', isTerminal: true }),
      ],
      T1,
    );
    expect((await collect(listDiscoveredToFetch(db, 'q-yoti', 'q-yoti'))).flat()).toEqual(['new', 'open']);

    // Re-discovery after the last sync means something changed: fetch it again.
    expect(
      await enqueueDiscovered(db, 'q-yoti', [{ sessionId: 'done', source: 'notification', topic: 'x' }], T2),
    ).toBe(1);
    expect((await collect(listDiscoveredToFetch(db, 'q-yoti', 'q-yoti'))).flat()).toEqual([
      'done',
      'new',
      'open',
    ]);
    const row = await db
      .selectFrom('idv.discovered_sessions')
      .selectAll()
      .where('provider', '=', 'q-yoti')
      .where('session_id', '=', 'done')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      first_discovered_at: T0,
      discovered_at: T2,
      topic: 'x',
      source: 'notification',
    });
    expect(await countDiscovered(db, 'q-yoti')).toBe(3);
    expect(await enqueueDiscovered(db, 'q-yoti', [], T2)).toBe(0);
  });

  it('listDiscoveredToFetch pages in batches of 500', async () => {
    const { db } = getDb();
    const items = Array.from({ length: 700 }, (_, i) => ({
      sessionId: `d${String(i).padStart(4, '0')}`,
      source: 'x',
    }));
    await enqueueDiscovered(db, 'q-many', items, T0);
    const batches = await collect(listDiscoveredToFetch(db, 'q-many', 'q-many'));
    expect(batches.map((b) => b.length)).toEqual([500, 200]);
    expect(batches.flat()).toEqual(items.map((i) => i.sessionId));
  });

  it('getFinalChecks returns the done and errored checks of a session', async () => {
    const { db } = getDb();
    await upsertSessions(
      db,
      [
        session({
          provider: 'q-checks',
          sessionId: 's',
          checks: [
            check({ checkId: 'done', status: 'done' }),
            check({ checkId: 'err', status: 'error', result: 'none' }),
            check({ checkId: 'pending', status: 'pending', result: 'none' }),
          ],
        }),
      ],
      T0,
    );
    const final = await getFinalChecks(db, 'q-checks', 's');
    expect([...final.keys()].sort()).toEqual(['done', 'err']);
    expect(final.get('done')).toEqual({
      ...check({ checkId: 'done', status: 'done' }),
      reasonCode: null,
      providerReason: null,
    });
  });

  it('getFinalChecksOf returns the final checks of many sessions in one query, by session', async () => {
    const { db } = getDb();
    await upsertSessions(
      db,
      [
        session({
          provider: 'q-many-checks',
          sessionId: 'a',
          checks: [
            check({ checkId: 'a1', status: 'done' }),
            check({ checkId: 'a2', status: 'pending', result: 'none' }),
          ],
        }),
        session({
          provider: 'q-many-checks',
          sessionId: 'b',
          checks: [check({ checkId: 'b1', status: 'error', result: 'none' })],
        }),
        session({
          provider: 'q-many-checks',
          sessionId: 'c',
          checks: [check({ checkId: 'c1', status: 'pending', result: 'none' })],
        }),
        session({ provider: 'q-other', sessionId: 'a', checks: [check({ checkId: 'x', status: 'done' })] }),
      ],
      T0,
    );
    const byId = await getFinalChecksOf(db, 'q-many-checks', ['a', 'b', 'c', 'missing', 'a']);
    expect([...byId.keys()].sort()).toEqual(['a', 'b']);
    expect([...byId.get('a')!.keys()]).toEqual(['a1']);
    expect(byId.get('b')!.get('b1')).toEqual({
      ...check({ checkId: 'b1', status: 'error', result: 'none' }),
      reasonCode: null,
      providerReason: null,
    });
    expect((await getFinalChecksOf(db, 'q-many-checks', [])).size).toBe(0);
  });
});
