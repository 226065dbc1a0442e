import type { DbHandle } from '../open/handle.js';
import { openPgliteClone } from './pglite-template.js';
import { openPostgresClone } from './postgres-template.js';

/** One database engine tests run against. */
export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, isolated database; `close()` disposes of it. */
  open(): Promise<DbHandle>;
}

/**
 * The engines to test against: always PGlite, plus Postgres when `TEST_DATABASE_URL` is set.
 *
 * `TEST_DATABASE_URL` is an ordinary `openDatabase({ databaseUrl })` URL, e.g.
 * `postgres://postgres@127.0.0.1:5432/postgres`, whose user may CREATE DATABASE. It is only used as the
 * admin connection: tests never write to that database, they get `idvkit_t_<random>` clones of the template
 * `idvkit_tpl_<schemaHash>` (kept for later runs; drop it freely). Clones of crashed runs can be found with
 * `SELECT datname FROM pg_database WHERE datname LIKE 'idvkit_t_%'`.
 */
export function testDatabases(): TestDatabase[] {
  const databases: TestDatabase[] = [{ name: 'pglite', open: openPgliteClone }];
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) databases.push({ name: 'postgres', open: () => openPostgresClone(adminUrl) });
  return databases;
}
