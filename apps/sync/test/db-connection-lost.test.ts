import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DbHandle, enqueueDiscovered, listRuns, openDatabase } from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxConfig } from '../src/demo/sandbox-config.js';
import { runCli } from './support/cli-child.js';
import { configFor, dumpData, syncOnce, testSandbox } from './support/harness.js';

const adminUrl = process.env.TEST_DATABASE_URL;
const postgres = testDatabases().find((d) => d.name === 'postgres');

/** The clone's URL with the credentials of TEST_DATABASE_URL (a handle's description carries none). */
function cloneUrl(handle: DbHandle): string {
  const url = new URL(adminUrl!);
  url.pathname = new URL(handle.description).pathname;
  return url.toString();
}

/** Terminates every backend of ONE database (the test's clone; the server is shared), from the admin database. */
async function terminateBackends(database: string): Promise<number> {
  const admin = await openDatabase({ databaseUrl: adminUrl!, poolSize: 2 });
  try {
    const { rows } = await sql<{ terminated: boolean }>`
      SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
      WHERE datname = ${database} AND pid <> pg_backend_pid()`.execute(admin.db);
    return rows.filter((r) => r.terminated).length;
  } finally {
    await admin.close();
  }
}

describe.skipIf(!postgres)(
  'a sync whose Postgres connections are terminated mid-run (needs TEST_DATABASE_URL: PGlite has no server)',
  () => {
    const tmp = mkdtempSync(join(tmpdir(), 'idvkit-dblost-'));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    it('exits 1 with one clear line, records the run failed, and the next run converges', async () => {
      const sandbox = await testSandbox({
        sessions: 120,
        faults: { idnow: { latencyMs: 3 }, yoti: { latencyMs: 3 }, verifa: { latencyMs: 3 } },
      });
      const configPath = join(tmp, 'config.json');
      writeFileSync(configPath, JSON.stringify(sandboxConfig(sandbox).json));
      const reference = await postgres!.open();
      const target = await postgres!.open();
      try {
        const yotiIds = sandbox.yotiSessionIds().map((sessionId) => ({ sessionId, source: 'test' }));
        for (const h of [reference, target]) await enqueueDiscovered(h.db, 'yoti', yotiIds, new Date());
        await syncOnce(reference, configFor(sandbox));

        const database = new URL(target.description).pathname.slice(1);
        const args = ['--config', configPath, '--database', cloneUrl(target), '--log-level', 'debug'];
        let terminated: Promise<number> | undefined;
        const lost = await runCli([...args, 'sync', '--json', '--concurrency', '2'], {
          atRequests: 60,
          onRequests: () => {
            terminated = terminateBackends(database);
          },
        });
        expect(await terminated, 'backends terminated').toBeGreaterThan(0);

        expect(lost.stderr).not.toMatch(/Unhandled 'error' event/);
        expect(lost.stderr, 'no stack trace').not.toMatch(/^\s+at /m);
        const lines = lost.stderr.trimEnd().split('\n');
        const last = lines.at(-1)!;
        expect(last).toMatch(
          /^idvkit: database connection lost \(postgres:\/\/[^@]*\): terminating connection due to administrator command; run \S+ recorded as failed$/,
        );
        expect(lines.filter((l) => l.startsWith('idvkit: '))).toHaveLength(1);
        expect(lost.code, lost.stderr.slice(-2000)).toBe(1);

        const runs = await listRuns(target.db, 10);
        expect(runs.map((r) => r.status)).toEqual(['failed']);
        expect(runs[0]!.error).toMatch(/database connection lost/);
        expect(last).toContain(runs[0]!.runId);

        const rerun = await runCli([...args, 'sync', '--json']);
        expect(rerun.code, rerun.stderr.slice(-2000)).toBe(0);
        expect(await dumpData(target)).toEqual(await dumpData(reference));
      } finally {
        await sandbox.stop();
        await reference.close();
        await target.close();
      }
    });
  },
);
