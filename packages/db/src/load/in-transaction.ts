import type { Transaction } from 'kysely';
import type { Database, IdvDb } from '../database.js';

/** Runs `fn` in `db` when it already is a transaction, otherwise in a new one. */
export function inTransaction<T>(db: IdvDb, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Transaction<Database>) : db.transaction().execute(fn);
}
