import { sql } from 'kysely';
import type { IdvDb } from './database.js';
import { kindOf } from './kind-registry.js';

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
  fn: () => Promise<T>,
): Promise<T | typeof LOCK_BUSY> {
  return withAdvisoryLocks<T | typeof LOCK_BUSY>(db, [key], async (acquired) =>
    acquired.has(key) ? fn() : LOCK_BUSY,
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
 * PGlite: only one process can open the data directory (lock file) and it has a single connection that `fn`
 * needs, so the locks are held in process memory instead.
 */
export async function withAdvisoryLocks<T>(
  db: IdvDb,
  keys: readonly string[],
  fn: (acquired: ReadonlySet<string>) => Promise<T>,
): Promise<T> {
  return kindOf(db) === 'pglite' ? withProcessLocks(db, keys, fn) : withPostgresLocks(db, keys, fn);
}

async function withProcessLocks<T>(
  db: IdvDb,
  keys: readonly string[],
  fn: (acquired: ReadonlySet<string>) => Promise<T>,
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
    return await fn(acquired);
  } finally {
    for (const key of acquired) held.delete(key);
  }
}

async function withPostgresLocks<T>(
  db: IdvDb,
  keys: readonly string[],
  fn: (acquired: ReadonlySet<string>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    const acquired = new Set<string>();
    try {
      for (const key of new Set(keys)) {
        const { rows } = await sql<{ locked: boolean }>`
          SELECT pg_try_advisory_lock(hashtextextended(${`idvkit:${key}`}, 0)) AS locked`.execute(conn);
        if (rows[0]?.locked === true) acquired.add(key);
      }
      return await fn(acquired);
    } finally {
      for (const key of acquired) {
        await sql`SELECT pg_advisory_unlock(hashtextextended(${`idvkit:${key}`}, 0))`.execute(conn);
      }
    }
  });
}
