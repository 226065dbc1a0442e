import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enqueueDiscovered } from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import type { Sandbox } from '@idvkit/sandbox';
import { makeWorkerUtils } from 'graphile-worker';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxConfig } from '../src/demo/sandbox-config.js';
import { queueSync } from '../src/worker/queue-sync.js';
import { runCli } from './support/cli-child.js';
import { cloneUrl } from './support/clone-url.js';
import { expectedFromTruth } from './support/expected.js';
import { testSandbox } from './support/harness.js';
import {
  jobsLeft,
  normalizedRows,
  poolOf,
  sorted,
  startWorker,
  type WorkerChild,
  waitFor,
} from './support/worker-child.js';

const postgres = testDatabases().find((d) => d.name === 'postgres');
const tmp = mkdtempSync(join(tmpdir(), 'idvkit-worker-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The sandbox's documented limits, as the config's `requestsPerSecond` (Verifa: 300 per minute). */
const LIMITS = { idnow: 20, yoti: 20, complycube: 10, verifa: 5 } as const;
const CONNECTIONS = Object.keys(LIMITS) as Array<keyof typeof LIMITS>;

function writeConfig(sandbox: Sandbox, name: string): string {
  const { json } = sandboxConfig(sandbox, { idnow: 'provider' });
  for (const p of CONNECTIONS) {
    const block = json.providers[p];
    if (block) block.requestsPerSecond = LIMITS[p];
  }
  const path = join(tmp, `${name}.json`);
  writeFileSync(path, JSON.stringify(json));
  return path;
}

describe('idvkit worker on the embedded database', () => {
  it('exits 2 with one line saying why: the embedded database allows one process at a time', async () => {
    const sandbox = await testSandbox({ sessions: 2 });
    try {
      const config = writeConfig(sandbox, 'pglite');
      const env = { DATABASE_URL: '' };
      const r = await runCli(['--config', config, '--data-dir', join(tmp, 'pgdata'), 'worker'], { env });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/expected a Postgres database .*one process at a time/);
    } finally {
      await sandbox.stop();
    }
  });
});

describe.skipIf(!postgres)('idvkit worker: three processes against one Postgres (postgres)', () => {
  /** A sandbox with rate limits on, a fresh database, its Yoti ids discovered, and a config file. */
  async function setup(name: string) {
    const sandbox = await testSandbox({
      sessions: 60,
      rateLimits: {
        idnow: { requestsPerSecond: LIMITS.idnow, burst: LIMITS.idnow },
        yoti: { requestsPerSecond: LIMITS.yoti, burst: LIMITS.yoti },
        complycube: { requestsPerSecond: LIMITS.complycube, burst: LIMITS.complycube },
        verifa: { perMinute: LIMITS.verifa * 60 },
      },
      faults: { complycube: { latencyMs: 5 }, verifa: { latencyMs: 5 } },
    });
    const handle = await postgres!.open();
    await enqueueDiscovered(
      handle.db,
      'yoti',
      sandbox.yotiSessionIds().map((sessionId) => ({ sessionId, source: 'test' })),
      new Date(),
    );
    const url = cloneUrl(handle);
    const config = writeConfig(sandbox, name);
    const args = (...more: string[]) => ['--config', config, '--database', url, ...more];
    const close = async () => {
      await sandbox.stop();
      await handle.close();
    };
    return { sandbox, handle, url, args, close };
  }

  async function queueSyncs(url: string) {
    const utils = await makeWorkerUtils({ connectionString: url });
    try {
      for (const c of CONNECTIONS) await queueSync(utils.addJob, c);
    } finally {
      await utils.release();
    }
  }

  it('share a sync: the database equals the ground truth, with no 429 and no connection over its limit', async () => {
    const s = await setup('three');
    const workers = [0, 1, 2].map(() =>
      startWorker(s.args('worker', '--concurrency', '3', '--fetch-batch', '5')),
    );
    try {
      await Promise.all(workers.map((w) => w.ready));
      await queueSyncs(s.url);
      await waitFor('the queue to drain', async () => (await jobsLeft(s.handle)) === 0);
      expect(sorted(await normalizedRows(s.handle))).toEqual(sorted(expectedFromTruth(s.sandbox.truth())));
      const stats = s.sandbox.stats().providers;
      for (const p of CONNECTIONS) expect(stats[p].status['429'], p).toBe(0);
      // Each process took part (the fetches were spread over the pool, not done by one).
      const ran = workers.filter(
        (w) => w.stderr().includes('"msg":"sync job finished"') || /Completed task/.test(w.stderr()),
      );
      expect(ran.length).toBeGreaterThan(1);
      const runs = await sql<{ status: string }>`SELECT status FROM idv.sync_runs`.execute(s.handle.db);
      expect(runs.rows.map((r) => r.status).sort()).toEqual(CONNECTIONS.map(() => 'succeeded'));
      for (const w of workers) w.child.kill('SIGTERM');
      for (const w of workers) expect(await w.exited).toEqual({ code: 0, signal: null });
    } finally {
      for (const w of workers) w.child.kill('SIGKILL');
      await s.close();
    }
  }, 180_000);

  it('SIGKILL of one worker mid-job: its jobs are released and retried, and the database equals the truth', async () => {
    const s = await setup('kill');
    const workers = [0, 1, 2].map(() =>
      startWorker(s.args('--log-level', 'debug', 'worker', '--concurrency', '3', '--fetch-batch', '5')),
    );
    try {
      await Promise.all(workers.map((w) => w.ready));
      await queueSyncs(s.url);
      const [victim, ...survivors] = workers as [WorkerChild, ...WorkerChild[]];
      await waitFor('the first worker to be mid-job', () => victim.requests() >= 5);
      victim.child.kill('SIGKILL');
      expect((await victim.exited).signal).toBe('SIGKILL');
      await waitFor('the queue to drain', async () => (await jobsLeft(s.handle)) === 0);
      expect(sorted(await normalizedRows(s.handle))).toEqual(sorted(expectedFromTruth(s.sandbox.truth())));
      // The survivors released the dead worker's jobs (rather than graphile-worker's 4-hour lock timeout).
      // Only the dead one's: never a live worker's.
      const released = survivors.flatMap((w) =>
        w
          .stderr()
          .split('\n')
          .filter((l) => l.includes('released the jobs of workers that are gone'))
          .flatMap((l) => JSON.parse(l).workers as string[]),
      );
      expect(new Set(released)).toEqual(new Set([poolOf(victim)]));
      const open = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM idv.sync_errors WHERE resolved_at IS NULL`.execute(s.handle.db);
      expect(open.rows[0]!.n).toBe(0);
    } finally {
      for (const w of workers) w.child.kill('SIGKILL');
      await s.close();
    }
  }, 180_000);

  it('SIGTERM: stops taking jobs, lets the running ones finish, exits 0; the rest is left queued', async () => {
    const s = await setup('term');
    const worker = startWorker(
      s.args('--log-level', 'debug', 'worker', '--concurrency', '2', '--grace-period', '10'),
    );
    try {
      await worker.ready;
      await queueSyncs(s.url);
      await waitFor('the worker to be mid-job', () => worker.requests() >= 5);
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toEqual({ code: 0, signal: null });
      expect(worker.stderr()).toContain('"msg":"worker stopped"');
      // Nothing stays locked by the stopped worker: what it did not finish is back in the queue for others.
      const locked = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL`.execute(
        s.handle.db,
      );
      expect(locked.rows[0]!.n).toBe(0);
    } finally {
      worker.child.kill('SIGKILL');
      await s.close();
    }
  }, 120_000);
});
