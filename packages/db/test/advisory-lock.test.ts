import { sql } from 'kysely';
import { expect, it } from 'vitest';
import {
  DatabaseUnavailableError,
  type IdvDb,
  LOCK_BUSY,
  withAdvisoryLock,
  withAdvisoryLocks,
} from '../src/index.js';
import { describeEachDatabase } from '../src/testing/index.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describeEachDatabase('withAdvisoryLock', (getDb) => {
  it('gives a second concurrent acquirer LOCK_BUSY, and the lock back once released', async () => {
    const { db } = getDb();
    const entered = deferred();
    const release = deferred();
    const first = withAdvisoryLock(db, 'sync:idnow', async () => {
      entered.resolve();
      await release.promise;
      return 'first';
    });
    await entered.promise;

    let secondRan = false;
    const second = await withAdvisoryLock(db, 'sync:idnow', async () => {
      secondRan = true;
    });
    expect(second).toBe(LOCK_BUSY);
    expect(secondRan).toBe(false);
    // Another key is independent, and fn can use the database while the lock is held.
    const other = await withAdvisoryLock(db, 'sync:verifa', async () => {
      const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(db);
      return rows[0]?.one;
    });
    expect(other).toBe(1);

    release.resolve();
    expect(await first).toBe('first');
    expect(await withAdvisoryLock(db, 'sync:idnow', async () => 'again')).toBe('again');
  });

  it('releases the lock when fn throws', async () => {
    const { db } = getDb();
    const boom = new Error('boom');
    await expect(withAdvisoryLock(db, 'k', () => Promise.reject(boom))).rejects.toBe(boom);
    expect(await withAdvisoryLock(db, 'k', async () => 'ok')).toBe('ok');
  });

  it('on Postgres, holds a real session-level advisory lock other sessions see', async () => {
    const handle = getDb();
    if (handle.kind !== 'postgres') return; // PGlite has one process and one session: nothing else to see it.
    const probe = () =>
      handle.db.connection().execute(async (conn) => {
        const { rows } = await sql<{ locked: boolean }>`
          SELECT pg_try_advisory_lock(hashtextextended('idvkit:probe', 0)) AS locked`.execute(conn);
        if (rows[0]?.locked)
          await sql`SELECT pg_advisory_unlock(hashtextextended('idvkit:probe', 0))`.execute(conn);
        return rows[0]?.locked;
      });
    const seen = await withAdvisoryLock(handle.db, 'probe', probe);
    expect(seen).toBe(false);
    expect(await probe()).toBe(true);
  });
});

describeEachDatabase('withAdvisoryLocks when the lock connection is lost', (getDb) => {
  const terminateLockHolder = async (db: IdvDb) => {
    const { rows } = await sql<{ terminated: boolean }>`
      SELECT pg_terminate_backend(l.pid, 10000) AS terminated
      FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND a.datname = current_database()`.execute(db);
    expect(rows.map((r) => r.terminated)).toEqual([true]);
  };
  const aborted = (signal: AbortSignal) =>
    new Promise<unknown>((resolve) => {
      if (signal.aborted) resolve(signal.reason);
      else signal.addEventListener('abort', () => resolve(signal.reason), { once: true });
    });

  it('aborts `lost`, lets fn’s own error through (no unlock error masks it), and frees the lock', async (ctx) => {
    const handle = getDb();
    if (handle.kind !== 'postgres')
      ctx.skip('PGlite holds its locks in process memory: no connection to lose');
    const own = new Error('fn failed after the loss');
    const outcome = withAdvisoryLocks(handle.db, ['sync:lost'], async (acquired, lost) => {
      expect([...acquired]).toEqual(['sync:lost']);
      await terminateLockHolder(handle.db);
      const reason = await aborted(lost);
      expect(reason).toBeInstanceOf(DatabaseUnavailableError);
      expect((reason as Error).message).toBe(
        `database connection lost (${handle.description}): terminating connection due to administrator command`,
      );
      throw own;
    });
    await expect(outcome).rejects.toBe(own);
    // The server released the lock with its session: it can be taken again.
    expect(await withAdvisoryLock(handle.db, 'sync:lost', async () => 'again')).toBe('again');
  });

  it('returns fn’s result when the loss came after fn’s work (the unlock is skipped, not thrown)', async (ctx) => {
    const handle = getDb();
    if (handle.kind !== 'postgres')
      ctx.skip('PGlite holds its locks in process memory: no connection to lose');
    const result = await withAdvisoryLocks(handle.db, ['sync:late'], async (_acquired, lost) => {
      await terminateLockHolder(handle.db);
      await aborted(lost);
      return 'done';
    });
    expect(result).toBe('done');
  });
});
