import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import {
  enqueueDiscovered,
  listDiscoveredToFetch,
  listGivenUp,
  markDeleted,
  recordNotFound,
  upsertSessions,
} from '../src/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { session } from './factories.js';

const T0 = new Date('2025-04-01T00:00:00Z');
const T1 = new Date('2025-04-02T00:00:00Z');
const T2 = new Date('2025-04-03T00:00:00Z');
const T3 = new Date('2025-04-04T00:00:00Z');

async function toFetch(db: Parameters<typeof listDiscoveredToFetch>[0], provider: string) {
  const ids: string[] = [];
  for await (const batch of listDiscoveredToFetch(db, provider, provider)) ids.push(...batch);
  return ids;
}

describeEachDatabase('not-found sessions', (getDb) => {
  it('recordNotFound counts runs, not 404s, and gives up at the bound; listGivenUp skips stored ids', async () => {
    const { db } = getDb();
    const runs = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const record = (sessionId: string, runId: string, at: Date, provider = 'nf-list') =>
      recordNotFound(db, { provider, sessionId, runId, at, giveUpAfterRuns: 3 });

    expect(await record('gone', runs[0]!, T0)).toEqual({ runs: 1, givenUp: false });
    expect(await record('gone', runs[0]!, T0)).toEqual({ runs: 1, givenUp: false });
    expect(await record('gone', runs[1]!, T1)).toEqual({ runs: 2, givenUp: false });
    expect(await listGivenUp(db, 'nf-list')).toEqual(new Set());
    expect(await record('gone', runs[2]!, T2)).toEqual({ runs: 3, givenUp: true });
    expect(await record('gone', runs[3]!, T3)).toEqual({ runs: 4, givenUp: true });
    const row = await db
      .selectFrom('idv.not_found_sessions')
      .selectAll()
      .where('provider', '=', 'nf-list')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      session_id: 'gone',
      not_found_runs: 4,
      first_not_found_at: T0,
      last_not_found_at: T3,
      last_run_id: runs[3],
      given_up_at: T3,
    });

    // Given up, then stored after all (e.g. found later): no longer skipped. Other providers do not mix.
    for (const r of runs.slice(0, 3)) await record('stored', r, T0);
    await record('other', runs[0]!, T0, 'nf-other');
    await record('other', runs[1]!, T0, 'nf-other');
    await record('other', runs[2]!, T0, 'nf-other');
    expect(await listGivenUp(db, 'nf-list')).toEqual(new Set(['gone', 'stored']));
    await upsertSessions(db, [session({ provider: 'nf-list', sessionId: 'stored' })], T1);
    expect(await listGivenUp(db, 'nf-list')).toEqual(new Set(['gone']));
    expect(await listGivenUp(db, 'nf-other')).toEqual(new Set(['other']));
  });

  it('listDiscoveredToFetch leaves out a given-up id until it is discovered again', async () => {
    const { db } = getDb();
    await enqueueDiscovered(
      db,
      'nf-yoti',
      ['ghost', 'young', 'new'].map((sessionId) => ({ sessionId, source: 'notification' })),
      T0,
    );
    for (const runId of [randomUUID(), randomUUID(), randomUUID()]) {
      await recordNotFound(db, {
        provider: 'nf-yoti',
        sessionId: 'ghost',
        runId,
        at: T1,
        giveUpAfterRuns: 3,
      });
    }
    await recordNotFound(db, {
      provider: 'nf-yoti',
      sessionId: 'young',
      runId: randomUUID(),
      at: T1,
      giveUpAfterRuns: 3,
    });
    expect(await toFetch(db, 'nf-yoti')).toEqual(['new', 'young']);
    await enqueueDiscovered(db, 'nf-yoti', [{ sessionId: 'ghost', source: 'notification' }], T2);
    expect(await toFetch(db, 'nf-yoti')).toEqual(['ghost', 'new', 'young']);
  });

  it('listDiscoveredToFetch leaves out a stored session deleted at the provider until it is discovered again', async () => {
    const { db } = getDb();
    await enqueueDiscovered(
      db,
      'nf-del',
      ['open', 'deleted'].map((sessionId) => ({ sessionId, source: 'notification' })),
      T0,
    );
    await upsertSessions(
      db,
      ['open', 'deleted'].map((sessionId) => session({ provider: 'nf-del', sessionId })),
      T1,
    );
    expect(await toFetch(db, 'nf-del')).toEqual(['deleted', 'open']);
    expect(await markDeleted(db, 'nf-del', ['deleted'], T2)).toBe(1);
    expect(await toFetch(db, 'nf-del')).toEqual(['open']);
    await enqueueDiscovered(db, 'nf-del', [{ sessionId: 'deleted', source: 'notification' }], T3);
    expect(await toFetch(db, 'nf-del')).toEqual(['deleted', 'open']);
  });
});
