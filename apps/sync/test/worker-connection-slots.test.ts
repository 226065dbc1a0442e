import type { DbHandle } from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import type { Sandbox } from '@idvkit/sandbox';
import { runOnce } from 'graphile-worker';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/output/logger.js';
import { workerConnections } from '../src/worker/connection.js';
import { ConnectionSlots } from '../src/worker/connection-slots.js';
import { graphileLogger } from '../src/worker/graphile-logger.js';
import { migrateQueue } from '../src/worker/queue-schema.js';
import { workerTasks } from '../src/worker/task-list.js';
import { TASK, taskFor } from '../src/worker/task-names.js';
import { createWorkerContext } from '../src/worker/worker-context.js';
import { cloneUrl } from './support/clone-url.js';
import { configFor, testSandbox } from './support/harness.js';

describe('ConnectionSlots', () => {
  it('runs at most `limit` calls at once, the others in the order they asked', async () => {
    const slots = new ConnectionSlots(2);
    const order: number[] = [];
    const gates = Array.from({ length: 5 }, () => {
      let resolve = () => {};
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      return { promise, resolve };
    });
    const runs = gates.map((g, i) =>
      slots.run(async () => {
        order.push(i);
        await g.promise;
        return i;
      }),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual([0, 1]);
    gates[1]!.resolve();
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual([0, 1, 2]);
    for (const g of gates) g.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(slots.peak).toBe(2);
  });

  it('frees its slot when the call fails', async () => {
    const slots = new ConnectionSlots(1);
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await slots.run(async () => 'next')).toBe('next');
  });
});

const postgres = testDatabases().find((d) => d.name === 'postgres');

describe.skipIf(!postgres)('worker: a connection’s `concurrency` caps its fetches in one process', () => {
  let sandbox: Sandbox | undefined;
  let handle: DbHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    await sandbox?.stop();
  });

  /** Runs two fetch jobs of 8 Verifa sessions each; returns the most sessions on the wire and the sessions stored. */
  async function fetchJobs(concurrency: number) {
    sandbox = await testSandbox({ sessions: 16 });
    const config = configFor(sandbox, (json) => {
      (json.providers.verifa as Record<string, unknown>).concurrency = concurrency;
    });
    handle = await postgres!.open();
    const url = cloneUrl(handle);
    await migrateQueue(url, silentLogger);
    // Sessions with a request in flight: a Verifa fetch reads its result and workflow run side by side, so
    // `concurrency` (fetches at once) bounds the sessions on the wire, not the requests.
    const inFlight = new Map<string, number>();
    let most = 0;
    const counting: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      const id = /\/sessions\/([^/?]+)/.exec(url)?.[1] ?? url;
      inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
      most = Math.max(most, inFlight.size);
      try {
        return await fetch(input, init);
      } finally {
        const left = (inFlight.get(id) ?? 1) - 1;
        if (left === 0) inFlight.delete(id);
        else inFlight.set(id, left);
      }
    };
    const connections = workerConnections(config).filter((c) => c.name === 'verifa');
    const ctx = createWorkerContext({
      db: handle.db,
      log: silentLogger,
      config,
      connections,
      fetch: counting,
    });
    const ids = sandbox.truth().verifa.sessions.map((s) => s.sessionId);
    for (const sessionIds of [ids.slice(0, 8), ids.slice(8, 16)]) {
      await sql`SELECT graphile_worker.add_job(${taskFor(TASK.fetchSessions, 'verifa')},
        ${JSON.stringify({ connection: 'verifa', sessionIds })}::json)`.execute(handle.db);
    }
    await runOnce({
      connectionString: url,
      concurrency: 2,
      logger: graphileLogger(silentLogger),
      noHandleSignals: true,
      taskList: workerTasks(ctx, ['verifa']),
    });
    const stored = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM idv.sessions WHERE provider = 'verifa'`.execute(handle.db);
    return { most, stored: stored.rows[0]?.n, peak: ctx.connection('verifa').slots.peak };
  }

  it('concurrency 2: never more than 2 sessions fetched at once, every session stored', async () => {
    const r = await fetchJobs(2);
    expect(r.stored).toBe(16);
    expect(r.peak).toBe(2);
    expect(r.most).toBeLessThanOrEqual(2);
  }, 60_000);

  it('concurrency 8: the jobs’ own fetches (4 each) run side by side', async () => {
    const r = await fetchJobs(8);
    expect(r.stored).toBe(16);
    expect(r.peak).toBeGreaterThan(2);
    expect(r.most).toBeGreaterThan(2);
  }, 60_000);
});
