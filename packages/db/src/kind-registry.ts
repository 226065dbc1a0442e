import type { IdvDb } from './database.js';

/** Which engine backs a Kysely instance that this package created (openDatabase, testing). */
export type DatabaseKind = 'postgres' | 'pglite';

const kinds = new WeakMap<IdvDb, DatabaseKind>();

/** Remembers the engine behind `db`. */
export function registerKind(db: IdvDb, kind: DatabaseKind): void {
  kinds.set(db, kind);
}

/** The engine behind `db`; instances this package did not create are assumed to be real Postgres. */
export function kindOf(db: IdvDb): DatabaseKind {
  return kinds.get(db) ?? 'postgres';
}
