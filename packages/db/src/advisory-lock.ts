import { sql } from 'kysely';
import type { IdvDb } from './database.js';
import { kindOf, poolOf } from './kind-registry.js';

/** Returned by {@link withAdvisoryLock} when another holder has the lock. */
export const LOCK_BUSY: unique symbol = Symbol('idvkit.lockBusy');

const heldInProcess = new WeakMap<IdvDb, Set<string>>();

/**
 * Runs `fn` while holding the named lock, or returns {@link LOCK_BUSY} at once if someone else holds it.
 * See {@link withAdvisoryLocks}.
 */
export async function withAdvisoryLock<T>(
  db: IdvDb,
  key: string,
  fn: (lost: AbortSignal) => Promise<T>,
): Promise<T | typeof LOCK_BUSY> {
  return withAdvisoryLocks<T | typeof LOCK_BUSY>(db, [key], async (acquired, lost) =>
    acquired.has(key) ? fn(lost) : LOCK_BUSY,
  );
}

/**
 * Tries every named lock without waiting and runs `fn` with the set of keys it got, holding them until `fn`
 * settles. Keys someone else holds are simply absent from the set (the caller decides what to skip).
 *
 * Postgres: session-level `pg_try_advisory_lock(hashtextextended('idvkit:' || key, 0))`, all on ONE dedicated
 * pooled connection kept for the duration of `fn` (which uses the other connections), unlocked in `finally`.
 * One connection for all keys matters: a lock per key on its own connection would starve a small pool (four
 * providers on a pool of four would leave `fn` nothing to query with). The pool needs at least two connections.
 * If that connection is lost, the server has dropped the locks with it: `lost` aborts (its reason a
 * DatabaseUnavailableError) so `fn` can stop, and the unlock is skipped. Unlocking never throws, so it cannot
 * hide `fn`'s own error; an unlock that fails closes the connection instead, which releases the locks.
 * PGlite: only one process can open the data directory (lock file) and it has a single connection that `fn`
 * needs, so the locks are held in process memory instead (and `lost` never aborts).
 */
export async function withAdvisoryLocks<T>(
  db: IdvDb,
  keys: readonly string[],
  fn: (acquired: ReadonlySet<string>, lost: AbortSignal) => Promise<T>,
): Promise<T> {
  return kindOf(db) === 'pglite' ? withProcessLocks(db, keys, fn) : withPostgresLocks(db, keys, fn);
}

const NEVER = new AbortController().signal;

async function withProcessLocks<T>(
  db: IdvDb,
  keys: readonly string[],
  fn: (acquired: ReadonlySet<string>, lost: AbortSignal) => Promise<T>,
): Promise<T> {
  const held = heldInProcess.get(db) ?? new Set<string>();
  heldInProcess.set(db, held);
  const acquired = new Set<string>();
  for (const key of keys) {
    if (held.has(key)) continue;
    held.add(key);
    acquired.add(key);
  }
  try {
    return await fn(acquired, NEVER);
  } finally {
    for (const key of acquired) held.delete(key);
  }
}

/** The connection holding the locks. */
interface LockSession {
  locked(statement: 'lock' | 'unlock', key: string): Promise<boolean>;
  lost: AbortSignal;
  /** Close the connection when it goes back (its session may still hold locks). */
  discard(): void;
}

const FUNCTIONS = { lock: 'pg_try_advisory_lock', unlock: 'pg_advisory_unlock' } as const;

async function withPostgresLocks<T>(
  db: IdvDb,
  keys: readonly string[],
  fn: (acquired: ReadonlySet<string>, lost: AbortSignal) => Promise<T>,
): Promise<T> {
  const pool = poolOf(db);
  if (!pool) {
    // A Kysely instance of the caller's own: no access to its client, so no loss signal.
    return db.connection().execute((conn) => {
      const locked: LockSession['locked'] = async (statement, key) => {
        const { rows } = await sql<{ locked: boolean }>`
          SELECT ${sql.raw(FUNCTIONS[statement])}(hashtextextended(${`idvkit:${key}`}, 0)) AS locked`.execute(
          conn,
        );
        return rows[0]?.locked === true;
      };
      return holdLocks({ locked, lost: NEVER, discard: () => undefined }, keys, fn);
    });
  }
  const client = await pool.connect();
  let discard = false;
  const locked: LockSession['locked'] = async (statement, key) => {
    const { rows } = await client.query<{ locked: boolean }>(
      `SELECT ${FUNCTIONS[statement]}(hashtextextended($1, 0)) AS locked`,
      [`idvkit:${key}`],
    );
    return rows[0]?.locked === true;
  };
  const discardOnRelease = () => {
    discard = true;
  };
  try {
    return await holdLocks({ locked, lost: client.lost, discard: discardOnRelease }, keys, fn);
  } finally {
    client.release(discard);
  }
}

async function holdLocks<T>(
  session: LockSession,
  keys: readonly string[],
  fn: (acquired: ReadonlySet<string>, lost: AbortSignal) => Promise<T>,
): Promise<T> {
  const acquired = new Set<string>();
  try {
    for (const key of new Set(keys)) if (await session.locked('lock', key)) acquired.add(key);
    return await fn(acquired, session.lost);
  } finally {
    await unlockAll(session, acquired);
  }
}

/** Never throws: a lost session already released its locks; one that cannot unlock is closed instead. */
async function unlockAll(session: LockSession, keys: ReadonlySet<string>): Promise<void> {
  if (keys.size === 0 || session.lost.aborted) return;
  try {
    for (const key of keys) await session.locked('unlock', key);
  } catch {
    session.discard();
  }
}
