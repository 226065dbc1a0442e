import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../database.js';
import { registerKind } from '../kind-registry.js';
import { TYPE_PARSERS } from '../type-parsers.js';
import { describeDatabaseUrl } from './describe-url.js';
import { GuardedPool } from './guarded-pool.js';
import type { DbHandle } from './handle.js';

/** node-postgres type parsing aligned with PGlite's (see TYPE_PARSERS). */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    const parser = TYPE_PARSERS[oid];
    if (parser && (format ?? 'text') === 'text') return parser;
    // biome-ignore lint/suspicious/noExplicitAny: pg's overloads do not accept the union format.
    return (pg.types.getTypeParser as any)(oid, format);
  },
};

/** Opens a pooled connection to a Postgres server and checks that it answers. */
export async function openPostgres(databaseUrl: string, poolSize = 10): Promise<DbHandle> {
  const description = describeDatabaseUrl(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, types: pgTypes });
  // Every client gets an `error` listener (a dropped connection must not crash the process), and a lost
  // connection surfaces as DatabaseUnavailableError.
  const guarded = new GuardedPool(pool, description);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: guarded }) });
  registerKind(db, 'postgres', guarded);
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await db.destroy();
    throw new Error(`cannot connect to ${description}: ${(err as Error).message}`, { cause: err });
  }
  return { db, kind: 'postgres', description, close: () => db.destroy() };
}
