import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { enqueueDiscovered, forgetDiscovered } from '../src/index.js';
import { describeEachDatabase } from '../src/testing/index.js';

const NOW = new Date('2025-04-01T00:00:00Z');

describeEachDatabase('discovered session ids', (getDb) => {
  const ids = async (provider: string) =>
    (
      await sql<{ session_id: string }>`
        SELECT session_id FROM idv.discovered_sessions WHERE provider = ${provider}`.execute(getDb().db)
    ).rows
      .map((r) => r.session_id)
      .sort();

  // jsonb drops U+0000 and replaces lone surrogates: the id stored would not be the id given (issue 15).
  it.each([
    ['a NUL byte', 'a\u0000b'],
    ['a lone surrogate', 'a\ud800b'],
  ])('enqueueDiscovered refuses an id with %s and stores nothing of the batch', async (_name, bad) => {
    await expect(
      enqueueDiscovered(
        getDb().db,
        'nul-test',
        [
          { sessionId: 'good-1', source: 'test' },
          { sessionId: bad, source: 'test' },
        ],
        NOW,
      ),
    ).rejects.toThrow(/enqueueDiscovered: expected session ids without NUL bytes or lone surrogates/);
    expect(await ids('nul-test')).toEqual([]);
  });

  it('forgetDiscovered removes exactly the given ids of the provider', async () => {
    const items = ['..', 'a\r\nb', 'keep-1'].map((sessionId) => ({ sessionId, source: 'test' }));
    await enqueueDiscovered(getDb().db, 'forget-a', items, NOW);
    await enqueueDiscovered(getDb().db, 'forget-b', items, NOW);
    expect(await forgetDiscovered(getDb().db, 'forget-a', ['..', 'a\r\nb', 'never-queued'])).toBe(2);
    expect(await ids('forget-a')).toEqual(['keep-1']);
    expect(await ids('forget-b')).toEqual(['..', 'a\r\nb', 'keep-1'].sort());
    expect(await forgetDiscovered(getDb().db, 'forget-a', [])).toBe(0);
  });
});
