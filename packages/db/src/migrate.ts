import { sql } from 'kysely';
import type { IdvDb } from './database.js';
import { DatabaseAheadError } from './errors.js';
import { MIGRATIONS, type Migration, SCHEMA_VERSION } from './migrations/index.js';

/** Advisory lock key that serializes migrators (held per transaction, released at COMMIT/ROLLBACK). */
const MIGRATION_LOCK_KEY = 'idvkit:migrate';

/** Result of {@link migrate}: the migrations this call applied (e.g. `001_initial_schema`) and the version now. */
export interface MigrateResult {
  applied: string[];
  version: number;
}

/**
 * Brings the database to {@link SCHEMA_VERSION}: applies every missing migration in order, each in its own
 * transaction that first takes `pg_advisory_xact_lock`, so concurrent migrators queue instead of racing, and
 * re-reads the version under the lock, so a migration is never applied twice. Idempotent. `to` stops at that
 * version (upgrade tests build a database as an older idvkit left it).
 * @throws DatabaseAheadError when the database records a newer version than this code knows.
 */
export async function migrate(db: IdvDb, opts: { to?: number } = {}): Promise<MigrateResult> {
  const target = opts.to ?? SCHEMA_VERSION;
  const applied: string[] = [];
  for (;;) {
    const step = await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${MIGRATION_LOCK_KEY}, 0))`.execute(trx);
      await ensureMigrationsTable(trx);
      const current = await readVersion(trx);
      if (current > SCHEMA_VERSION) throw new DatabaseAheadError(current, SCHEMA_VERSION);
      const next = MIGRATIONS.find((m) => m.version > current && m.version <= target);
      if (!next) return { version: current, applied: null };
      for (const statement of next.statements) await sql.raw(statement).execute(trx);
      await trx
        .insertInto('idv.schema_migrations')
        .values({ version: next.version, name: next.name })
        .execute();
      return { version: next.version, applied: migrationLabel(next) };
    });
    if (step.applied === null) return { applied, version: step.version };
    applied.push(step.applied);
  }
}

/** The version the database is at (0 when idvkit never migrated it) and the newest this code knows. */
export async function schemaStatus(db: IdvDb): Promise<{ current: number; latest: number }> {
  return { current: await readVersion(db), latest: SCHEMA_VERSION };
}

/** `001_initial_schema` */
export function migrationLabel(m: Migration): string {
  return `${String(m.version).padStart(3, '0')}_${m.name}`;
}

async function ensureMigrationsTable(db: IdvDb): Promise<void> {
  if (await migrationsTableExists(db)) return;
  await sql`CREATE SCHEMA IF NOT EXISTS idv`.execute(db);
  await sql`CREATE TABLE IF NOT EXISTS idv.schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
}

async function migrationsTableExists(db: IdvDb): Promise<boolean> {
  const { rows } = await sql<{ exists: boolean }>`
    SELECT to_regclass('idv.schema_migrations') IS NOT NULL AS exists`.execute(db);
  return rows[0]?.exists === true;
}

async function readVersion(db: IdvDb): Promise<number> {
  if (!(await migrationsTableExists(db))) return 0;
  const row = await db
    .selectFrom('idv.schema_migrations')
    .select((eb) => eb.fn.max('version').as('version'))
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}
