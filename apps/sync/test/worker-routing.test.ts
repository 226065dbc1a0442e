import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DbHandle } from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import { makeWorkerUtils } from 'graphile-worker';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxConfig } from '../src/demo/sandbox-config.js';
import { queueSync } from '../src/worker/queue-sync.js';
import { cloneUrl } from './support/clone-url.js';
import { expectedFromTruth } from './support/expected.js';
import { testSandbox } from './support/harness.js';
import { jobsLeft, normalizedRows, sorted, startWorker, waitFor } from './support/worker-child.js';

const postgres = testDatabases().find((d) => d.name === 'postgres');
const tmp = mkdtempSync(join(tmpdir(), 'idvkit-worker-routing-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The connections each `request` debug line of a worker's log names. */
const requestConnections = (stderr: string) =>
  new Set(
    stderr
      .split('\n')
      .filter((l) => l.includes('"msg":"request"'))
      .map((l) => (JSON.parse(l) as { connection: string }).connection),
  );

/** graphile-worker's jobs: identifier, attempts made and whether a worker holds it. */
const queuedJobs = async (h: DbHandle) =>
  (
    await sql<{ task: string; attempts: number; locked: boolean }>`
      SELECT task_identifier AS task, attempts, locked_by IS NOT NULL AS locked
      FROM graphile_worker.jobs ORDER BY id`.execute(h.db)
  ).rows;

describe.skipIf(!postgres)('idvkit worker --connection routes jobs (postgres)', () => {
  it('two processes, one connection each: each takes only its own connection’s jobs', async () => {
    const sandbox = await testSandbox({ sessions: 12 });
    const handle = await postgres!.open();
    const { json } = sandboxConfig(sandbox, { idnow: 'provider' });
    const config = join(tmp, 'config.json');
    writeFileSync(config, JSON.stringify(json));
    const url = cloneUrl(handle);
    const args = (connection: string) => [
      '--config',
      config,
      '--database',
      url,
      '--log-level',
      'debug',
      'worker',
      '--connection',
      connection,
      '--fetch-batch',
      '3',
    ];
    const cc = startWorker(args('complycube'));
    let verifa: ReturnType<typeof startWorker> | undefined;
    try {
      await cc.ready;
      const utils = await makeWorkerUtils({ connectionString: url });
      try {
        for (const c of ['complycube', 'verifa']) await queueSync(utils.addJob, c);
      } finally {
        await utils.release();
      }
      // Only the ComplyCube worker runs: its connection drains, Verifa's sync waits untouched.
      await waitFor('the complycube jobs', async () =>
        (await queuedJobs(handle)).every((j) => !j.task.endsWith(':complycube')),
      );
      expect(await queuedJobs(handle)).toEqual([
        { task: 'idv_sync_connection:verifa', attempts: 0, locked: false },
      ]);

      verifa = startWorker(args('verifa'));
      await verifa.ready;
      await waitFor('the verifa jobs', async () => (await jobsLeft(handle)) === 0);

      const truth = expectedFromTruth(sandbox.truth()).filter((r) =>
        ['complycube', 'verifa'].includes(r.provider),
      );
      expect(sorted(await normalizedRows(handle))).toEqual(sorted(truth));
      expect(requestConnections(cc.stderr())).toEqual(new Set(['complycube']));
      expect(requestConnections(verifa.stderr())).toEqual(new Set(['verifa']));
      // Nothing failed on a worker that did not know its connection.
      const failed = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM idv.sync_runs WHERE status <> 'succeeded'`.execute(handle.db);
      expect(failed.rows[0]?.n).toBe(0);
      for (const w of [cc, verifa]) w.child.kill('SIGTERM');
      for (const w of [cc, verifa]) expect(await w.exited).toEqual({ code: 0, signal: null });
    } finally {
      cc.child.kill('SIGKILL');
      verifa?.child.kill('SIGKILL');
      await sandbox.stop();
      await handle.close();
    }
  }, 120_000);
});
