import { countSyncErrors, saveSyncState } from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import { makeWorkerUtils } from 'graphile-worker';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { workerCommand } from '../src/commands/worker.js';
import { ConfigError } from '../src/config/config-error.js';
import type { WorkerConnection } from '../src/worker/connection.js';
import { workerConnections } from '../src/worker/connection.js';
import { buildCronItems } from '../src/worker/crontab.js';
import { queueSync } from '../src/worker/queue-sync.js';
import { runCli } from './support/cli-child.js';
import { captureIO, configFor, testSandbox } from './support/harness.js';

const postgres = testDatabases().find((d) => d.name === 'postgres');

function cloneUrl(description: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = new URL(description).pathname;
  return url.toString();
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the worker crontab', () => {
  const sandboxLess = (name: string, schedule: string | null) =>
    ({ name, provider: name, schedule, entry: undefined as never }) satisfies WorkerConnection;

  it.each([
    ['no schedule: no entry', { given: [sandboxLess('yoti', null)], want: [] as string[] }],
    [
      'one entry per scheduled connection, queuing its sync under its job key and queue',
      {
        given: [
          sandboxLess('yoti', '*/15 * * * *'),
          sandboxLess('verifa', null),
          sandboxLess('idnow', '0 3 * * *'),
        ],
        want: ['idv_sync_connection:yoti', 'idv_sync_connection:idnow'],
      },
    ],
  ])('%s', (_name, { given, want }) => {
    const items = buildCronItems(given);
    expect(items.map((i) => i.identifier)).toEqual(want);
    for (const item of items) {
      // Routed: the task identifier names the connection too (`--connection` filters on it).
      expect(item.task).toBe(item.identifier);
      expect(item.options.jobKey).toBe(item.identifier);
      expect(item.options.queueName).toBe(item.identifier);
      expect(item.payload).toEqual({ connection: item.identifier.split(':')[1] });
    }
  });

  it('a schedule that is not cron syntax is a config error naming what was expected', () => {
    expect(() => buildCronItems([sandboxLess('yoti', 'every hour')])).toThrow(ConfigError);
    expect(() => buildCronItems([sandboxLess('yoti', 'every hour')])).toThrow(/expected cron syntax/);
  });
});

describe.skipIf(!postgres)('idvkit worker: a fetch that keeps failing (postgres)', () => {
  it("idvkit migrate also creates graphile-worker's schema", async () => {
    const handle = await postgres!.open();
    try {
      const schema = sql<{ n: number }>`
        SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'graphile_worker'`;
      expect((await schema.execute(handle.db)).rows[0]!.n).toBe(0);
      const r = await runCli(['--database', cloneUrl(handle.description), 'migrate'], {
        env: { DATABASE_URL: '' },
      });
      expect(r.code).toBe(0);
      expect((await schema.execute(handle.db)).rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await handle.close();
    }
  });

  it('is retried by the queue, goes to idv.sync_errors only after its last attempt, and a later success resolves it', async () => {
    const sandbox = await testSandbox({ sessions: 6 });
    const handle = await postgres!.open();
    const url = cloneUrl(handle.description);
    const config = configFor(sandbox, (json) => {
      const providers = json.providers as Record<string, unknown>;
      for (const p of ['idnow', 'yoti', 'verifa']) delete providers[p];
      // The sandbox config names IDnow's two connections under `connections` (one API client per environment).
      delete (json as { connections?: unknown }).connections;
    });
    expect(workerConnections(config).map((c) => c.name)).toEqual(['complycube']);
    const bad = sandbox.truth().complycube.sessions[0]!.sessionId;
    let failing = true;
    let badRequests = 0;
    const injected: typeof fetch = async (input, init) => {
      const target = input instanceof Request ? input.url : String(input);
      if (target.includes(bad)) {
        badRequests++;
        if (failing)
          return new Response('{"message":"boom"}', {
            status: 500,
            headers: { 'content-type': 'application/json' },
          });
      }
      return fetch(input, init);
    };
    let stop: (s: NodeJS.Signals) => void = () => undefined;
    const cap = captureIO();
    cap.io.interrupted = new Promise<NodeJS.Signals>((resolve) => {
      stop = resolve;
    });
    let ready: () => void = () => undefined;
    const isReady = new Promise<void>((resolve) => {
      ready = resolve;
    });
    const running = workerCommand(
      config,
      { concurrency: '2', fetchAttempts: '2' },
      { database: url, logLevel: 'debug' },
      cap.io,
      {
        fetch: injected,
        http: { maxRetries: 1, initialRetryDelayMs: 5, maxRetryDelayMs: 20, timeoutMs: 5_000 },
        onReady: ready,
      },
    );
    const utils = await makeWorkerUtils({ connectionString: url });
    const jobsLeft = async () =>
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker._private_jobs`.execute(
          handle.db,
        )
      ).rows[0]!.n;
    const errors = async () =>
      (
        await sql<{ session_id: string; stage: string; resolved: boolean }>`
          SELECT session_id, stage, resolved_at IS NOT NULL AS resolved FROM idv.sync_errors`.execute(
          handle.db,
        )
      ).rows;
    try {
      await isReady;
      await queueSync(utils.addJob, 'complycube');
      await waitFor('the queue to drain', async () => (await jobsLeft()) === 0);
      // The batch's attempt, then the session's own job twice (its max_attempts), each with one client retry.
      expect(badRequests).toBe((1 + 2) * 2);
      // Recorded once, by the last attempt only.
      expect(await errors()).toEqual([{ session_id: bad, stage: 'fetch', resolved: false }]);
      expect(await countSyncErrors(handle.db)).toEqual([{ provider: 'complycube', open: 1, resolved: 0 }]);
      const stored = await sql`SELECT 1 FROM idv.sessions WHERE session_id = ${bad}`.execute(handle.db);
      expect(stored.rows).toHaveLength(0);

      // The next sync lists nothing new (its window starts after every session), yet queues the open failure.
      failing = false;
      await saveSyncState(handle.db, 'complycube', 'default', {
        watermark: new Date(Date.now() + 86_400_000),
      });
      const before = badRequests;
      await queueSync(utils.addJob, 'complycube');
      await waitFor('the refetch', async () => (await jobsLeft()) === 0);
      expect(badRequests - before).toBe(1);
      expect(await errors()).toEqual([{ session_id: bad, stage: 'fetch', resolved: true }]);
      expect(await countSyncErrors(handle.db)).toEqual([{ provider: 'complycube', open: 0, resolved: 1 }]);
      const loaded = await sql`SELECT 1 FROM idv.sessions WHERE session_id = ${bad}`.execute(handle.db);
      expect(loaded.rows).toHaveLength(1);
    } finally {
      stop('SIGTERM');
      await running;
      await utils.release();
      await sandbox.stop();
      await handle.close();
    }
  }, 90_000);
});
