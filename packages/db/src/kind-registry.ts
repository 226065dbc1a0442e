import type { IdvDb } from './database.js';
import type { GuardedPool } from './open/guarded-pool.js';

/** Which engine backs a Kysely instance that this package created (openDatabase, testing). */
export type DatabaseKind = 'postgres' | 'pglite';

const kinds = new WeakMap<IdvDb, DatabaseKind>();
const pools = new WeakMap<IdvDb, GuardedPool>();

/** Remembers the engine behind `db` (and, for Postgres, its pool). */
export function registerKind(db: IdvDb, kind: DatabaseKind, pool?: GuardedPool): void {
  kinds.set(db, kind);
  if (pool) pools.set(db, pool);
}

/** The engine behind `db`; instances this package did not create are assumed to be real Postgres. */
export function kindOf(db: IdvDb): DatabaseKind {
  return kinds.get(db) ?? 'postgres';
}

/** The pool behind a Postgres `db` that {@link registerKind} saw; undefined for other instances. */
export function poolOf(db: IdvDb): GuardedPool | undefined {
  return pools.get(db);
}
