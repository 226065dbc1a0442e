import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseAheadError, type DbHandle, migrate, SCHEMA_VERSION, schemaStatus } from '../src/index.js';
import { testDatabases } from '../src/testing/index.js';

for (const database of testDatabases()) {
  describe(`migrate [${database.name}]`, () => {
    const open: DbHandle[] = [];
    const fresh = async () => {
      const handle = await database.open();
      open.push(handle);
      return handle;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((h) => h.close()));
    });

    it('is idempotent on a migrated database', async () => {
      const { db } = await fresh();
      expect(await schemaStatus(db)).toEqual({ current: SCHEMA_VERSION, latest: SCHEMA_VERSION });
      expect(await migrate(db)).toEqual({ applied: [], version: SCHEMA_VERSION });
      const { rows } = await sql<{ version: number; name: string }>`
        SELECT version, name FROM idv.schema_migrations ORDER BY version`.execute(db);
      expect(rows).toEqual([
        { version: 1, name: 'initial_schema' },
        { version: 2, name: 'reporting_views' },
        { version: 3, name: 'not_found_sessions' },
        { version: 4, name: 'run_statuses' },
        { version: 5, name: 'connections' },
        { version: 6, name: 'webhook_events' },
        { version: 7, name: 'worker_runtime' },
        { version: 8, name: 'flows_reasons' },
        { version: 9, name: 'discovered_connections' },
      ]);
    });

    it('applies every migration to an empty database, then nothing', async () => {
      const { db } = await fresh();
      await sql`DROP SCHEMA idv CASCADE`.execute(db);
      expect(await schemaStatus(db)).toEqual({ current: 0, latest: SCHEMA_VERSION });
      expect(await migrate(db)).toEqual({
        applied: [
          '001_initial_schema',
          '002_reporting_views',
          '003_not_found_sessions',
          '004_run_statuses',
          '005_connections',
          '006_webhook_events',
          '007_worker_runtime',
          '008_flows_reasons',
          '009_discovered_connections',
        ],
        version: SCHEMA_VERSION,
      });
      expect(await migrate(db)).toEqual({ applied: [], version: SCHEMA_VERSION });
      const { rows } = await sql<{ n: number }>`
        SELECT count(*) AS n FROM information_schema.views WHERE table_schema = 'idv'`.execute(db);
      expect(rows[0]?.n).toBe(7);
    });

    it('refuses a database that is ahead of the code', async () => {
      const { db } = await fresh();
      await sql`INSERT INTO idv.schema_migrations (version, name) VALUES (999, 'from_the_future')`.execute(
        db,
      );
      const error = await migrate(db).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseAheadError);
      expect((error as Error).message).toBe(
        `database schema is at version 999 but this idvkit knows only ${SCHEMA_VERSION}; upgrade idvkit`,
      );
      expect(await schemaStatus(db)).toEqual({ current: 999, latest: SCHEMA_VERSION });
    });

    it('lets two concurrent migrators finish without error, applying each migration once', async () => {
      const { db } = await fresh();
      await sql`DROP SCHEMA idv CASCADE`.execute(db);
      const [a, b] = await Promise.all([migrate(db), migrate(db)]);
      expect(a.version).toBe(SCHEMA_VERSION);
      expect(b.version).toBe(SCHEMA_VERSION);
      expect([...a.applied, ...b.applied].sort()).toEqual([
        '001_initial_schema',
        '002_reporting_views',
        '003_not_found_sessions',
        '004_run_statuses',
        '005_connections',
        '006_webhook_events',
        '007_worker_runtime',
        '008_flows_reasons',
        '009_discovered_connections',
      ]);
      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM idv.schema_migrations`.execute(db);
      expect(rows[0]?.n).toBe(9);
    });

    it('rejects values outside the normalized vocabulary (CHECK constraints)', async () => {
      const { db } = await fresh();
      const insert = (status: string) =>
        sql`INSERT INTO idv.sessions (provider, connection, session_id, status, is_terminal, outcome,
          first_synced_at, last_synced_at)
          VALUES ('p', 'p', ${status}, ${status}, false, 'none', now(), now())`.execute(db);
      await expect(insert('RUNNING')).rejects.toThrow(/sessions_status_check/);
      await expect(insert('in_progress')).resolves.toBeDefined();
    });
  });
}
