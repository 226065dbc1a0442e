import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, schemaStatus, upsertSessions } from '../src/index.js';
import { testDatabases } from '../src/testing/index.js';
import { session } from './factories.js';

describe('testDatabases', () => {
  it('always includes PGlite, and Postgres exactly when TEST_DATABASE_URL is set', () => {
    const names = testDatabases().map((d) => d.name);
    expect(names).toEqual(process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']);
  });

  for (const database of testDatabases()) {
    it(`[${database.name}] open() gives fresh, migrated, isolated databases`, async () => {
      const timings: number[] = [];
      const open = async () => {
        const started = performance.now();
        const handle = await database.open();
        timings.push(Math.round(performance.now() - started));
        return handle;
      };
      const a = await open();
      const b = await open();
      const c = await open();
      try {
        expect(await schemaStatus(a.db)).toEqual({ current: SCHEMA_VERSION, latest: SCHEMA_VERSION });
        await upsertSessions(a.db, [session({ sessionId: 'only-in-a' })], new Date());
        const inB = await b.db.selectFrom('idv.sessions').select('session_id').execute();
        expect(inB).toEqual([]);
        expect(a.kind).toBe(database.name);
      } finally {
        await Promise.all([a.close(), b.close(), c.close()]);
      }
      // Reported, not asserted: the first open may build the template.
      console.log(`testDatabases ${database.name} open() ms: ${timings.join(', ')}`);
    });
  }

  it.runIf(process.env.TEST_DATABASE_URL)('[postgres] close() drops the cloned database', async () => {
    const pg = testDatabases().find((d) => d.name === 'postgres')!;
    const handle = await pg.open();
    const [row] = await handle.db
      .selectNoFrom((eb) => eb.fn<string>('current_database').as('name'))
      .execute();
    const name = row!.name;
    expect(name).toMatch(/^idvkit_t_[0-9a-f]{12}$/);
    await handle.close();
    const admin = await pg.open();
    try {
      const { rows } = await sql`SELECT datname FROM pg_database WHERE datname = ${name}`.execute(admin.db);
      expect(rows).toEqual([]);
    } finally {
      await admin.close();
    }
  });
});
