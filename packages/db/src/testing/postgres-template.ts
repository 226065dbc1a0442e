import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../migrate.js';
import type { DbHandle } from '../open/handle.js';
import { openPostgres } from '../open/open-postgres.js';
import { schemaHash } from './schema-hash.js';

let templateName: Promise<string> | undefined;

/**
 * A fresh, migrated Postgres database `idvkit_t_<random>`, created with `CREATE DATABASE … TEMPLATE` from
 * `idvkit_tpl_<schemaHash>`. The template is built once (per schema) under an advisory lock on the admin
 * connection, so parallel vitest workers neither race nor build it twice. `close()` drops the database.
 * @param adminUrl a URL of the server whose user may create databases (TEST_DATABASE_URL).
 */
export async function openPostgresClone(adminUrl: string): Promise<DbHandle> {
  templateName ??= ensureTemplate(adminUrl);
  const template = await templateName;
  const name = `idvkit_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  let handle: DbHandle;
  try {
    handle = await openPostgres(databaseUrl(adminUrl, name), 4);
  } catch (err) {
    await dropDatabase(adminUrl, name);
    throw err;
  }
  return {
    ...handle,
    close: async () => {
      try {
        await handle.close();
      } finally {
        await dropDatabase(adminUrl, name);
      }
    },
  };
}

async function ensureTemplate(adminUrl: string): Promise<string> {
  const name = `idvkit_tpl_${schemaHash()}`;
  await withAdmin(adminUrl, async (admin) => {
    await admin.query(`SELECT pg_advisory_lock(hashtextextended('idvkit:test-template', 0))`);
    try {
      const { rows } = await admin.query<{ datistemplate: boolean }>(
        'SELECT datistemplate FROM pg_database WHERE datname = $1',
        [name],
      );
      // datistemplate is set last: a template without it is a leftover of a crashed build.
      if (rows[0]?.datistemplate) return;
      if (rows[0]) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      const handle = await openPostgres(databaseUrl(adminUrl, name), 2);
      try {
        await migrate(handle.db);
      } finally {
        await handle.close();
      }
      await admin.query(`ALTER DATABASE ${name} IS_TEMPLATE true`);
    } finally {
      await admin.query(`SELECT pg_advisory_unlock(hashtextextended('idvkit:test-template', 0))`);
    }
  });
  return name;
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

async function withAdmin<T>(adminUrl: string, fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl });
  // A dropped connection fails the query in flight; without a listener it would also crash the test process.
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
