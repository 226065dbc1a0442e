/**
 * @idvkit/db/testing — fresh, migrated, isolated databases for tests: always PGlite, plus Postgres when
 * `TEST_DATABASE_URL` is set (see {@link testDatabases}). Imports vitest; use it from test files only.
 */
export { describeEachDatabase } from './describe-each-database.js';
export { type TestDatabase, testDatabases } from './test-databases.js';
