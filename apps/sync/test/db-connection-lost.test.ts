import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DbHandle, enqueueDiscovered, listRuns, openDatabase } from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import type { Sandbox } from '@idvkit/sandbox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxConfig } from '../src/demo/sandbox-config.js';
import { type ChildResult, runCli } from './support/cli-child.js';
import { configFor, dumpData, syncOnce, testSandbox } from './support/harness.js';
import { startTcpProxy } from './support/tcp-proxy.js';

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

/** No crash, no stack trace: the last line of stderr is the one `idvkit:` line, returned. */
function oneCleanLine(child: ChildResult): string {
  expect(child.stderr).not.toMatch(/Unhandled 'error' event/);
  expect(child.stderr, 'no stack trace').not.toMatch(/^\s+at /m);
  const lines = child.stderr.trimEnd().split('\n');
  expect(lines.filter((l) => l.startsWith('idvkit: '))).toHaveLength(1);
  expect(child.code, child.stderr.slice(-2000)).toBe(1);
  return lines.at(-1)!;
}

describe.skipIf(!postgres)(
  'a sync that loses its Postgres database mid-run (needs TEST_DATABASE_URL: PGlite has no server)',
  () => {
    const tmp = mkdtempSync(join(tmpdir(), 'idvkit-dblost-'));
    const configPath = join(tmp, 'config.json');
    let sandbox: Sandbox;
    let reference: DbHandle;
    let yotiIds: Array<{ sessionId: string; source: string }>;

    beforeAll(async () => {
      sandbox = await testSandbox({
        sessions: 120,
        faults: { idnow: { latencyMs: 3 }, yoti: { latencyMs: 3 }, verifa: { latencyMs: 3 } },
      });
      writeFileSync(configPath, JSON.stringify(sandboxConfig(sandbox).json));
      yotiIds = sandbox.yotiSessionIds().map((sessionId) => ({ sessionId, source: 'test' }));
      reference = await postgres!.open();
      await enqueueDiscovered(reference.db, 'yoti', yotiIds, new Date());
      await syncOnce(reference, configFor(sandbox));
    });
    afterAll(async () => {
      await sandbox?.stop();
      await reference?.close();
      rmSync(tmp, { recursive: true, force: true });
    });

    const args = (databaseUrl: string) => [
      '--config',
      configPath,
      '--database',
      databaseUrl,
      '--log-level',
      'debug',
    ];

    /** A fresh database with the Yoti queue the reference had; re-syncing it must give the reference's data. */
    const openTarget = async () => {
      const target = await postgres!.open();
      await enqueueDiscovered(target.db, 'yoti', yotiIds, new Date());
      return target;
    };
    const expectConverges = async (target: DbHandle) => {
      const rerun = await runCli([...args(cloneUrl(target)), 'sync', '--json']);
      expect(rerun.code, rerun.stderr.slice(-2000)).toBe(0);
      expect(await dumpData(target)).toEqual(await dumpData(reference));
    };

    it('backends terminated: exits 1 with one clear line, the run is recorded failed, the next run converges', async () => {
      const target = await openTarget();
      try {
        const database = new URL(target.description).pathname.slice(1);
        let terminated: Promise<number> | undefined;
        const lost = await runCli([...args(cloneUrl(target)), 'sync', '--json', '--concurrency', '2'], {
          atRequests: 60,
          onRequests: () => {
            terminated = terminateBackends(database);
          },
        });
        expect(await terminated, 'backends terminated').toBeGreaterThan(0);

        const line = oneCleanLine(lost);
        expect(line).toMatch(
          /^idvkit: database connection lost \(postgres:\/\/127\.0\.0\.1:\d+\/idvkit_t_\w+\): terminating connection due to administrator command; run \S+ recorded as failed$/,
        );
        const runs = await listRuns(target.db, 10);
        expect(runs.map((r) => r.status)).toEqual(['failed']);
        expect(runs[0]!.error).toMatch(/^database connection lost .*administrator command$/);
        expect(line).toContain(runs[0]!.runId);
        expect(JSON.parse(lost.stdout)).toMatchObject({ runId: runs[0]!.runId, status: 'failed' });

        await expectConverges(target);
      } finally {
        await target.close();
      }
    });

    it('database gone for good: exits 1 with one line saying the run could not be recorded; the next run converges', async () => {
      const target = await openTarget();
      const proxy = await startTcpProxy(adminUrl!);
      try {
        let cut: Promise<void> | undefined;
        const lost = await runCli([...args(proxy.via(cloneUrl(target))), 'sync', '--concurrency', '2'], {
          atRequests: 60,
          onRequests: () => {
            cut = proxy.cut();
          },
        });
        await cut;

        const line = oneCleanLine(lost);
        expect(line).toMatch(
          /^idvkit: database connection lost \(postgres:\/\/127\.0\.0\.1:\d+\/idvkit_t_\w+\): .+; run \S+ could not be recorded \(the database did not answer again within 10 s\) and stays "running" in idv\.sync_runs$/,
        );
        const runs = await listRuns(target.db, 10);
        expect(runs.map((r) => r.status)).toEqual(['running']);
        expect(line).toContain(runs[0]!.runId);

        await expectConverges(target);
      } finally {
        await proxy.cut();
        await target.close();
      }
    });
  },
);
