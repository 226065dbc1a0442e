import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases } from '@idvkit/db/testing';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { cloneUrl } from './support/clone-url.js';
import { complyCubeDelivery, freePort, post } from './support/webhook-senders.js';

const BIN = new URL('../dist/bin.js', import.meta.url).pathname;
const SECRET = 'cc-webhook-secret-burst-0123';
const target = testDatabases().find((d) => d.name === 'postgres');
const tmp = mkdtempSync(join(tmpdir(), 'idvkit-burst-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Posts like a provider does: a refused or reset connection, or an answer that is not 2xx, is sent again (after
 * a pause) until it is acknowledged. Returns the final status and how many tries it took.
 */
async function deliver(url: string, d: { body: string; headers: Record<string, string> }, agent: Agent) {
  for (let attempt = 1; ; attempt++) {
    const res = await post(url, d, agent).catch(() => ({ status: 0, body: '' }));
    if ((res.status >= 200 && res.status < 300) || attempt >= 60) return { status: res.status, attempt };
    await new Promise((r) => setTimeout(r, 20 * Math.min(attempt, 10)));
  }
}

describe.skipIf(!target)('`idvkit serve` as a process under 2,000 concurrent valid posts (postgres)', () => {
  it('loses nothing (refused connections are sent again), stores each event and its job once, and stays up', async () => {
    const handle = await target!.open();
    const config = join(tmp, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        providers: {
          complycube: {
            baseUrl: 'http://127.0.0.1:9/complycube/v1',
            apiKey: 'test-api-key-1',
            webhooks: { secret: SECRET },
          },
        },
      }),
    );
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [BIN, '--config', config, '--database', cloneUrl(handle), 'serve', '--http-port', String(port)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('receiving webhooks on')) resolve();
        });
        void exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
      });
      const url = `http://127.0.0.1:${port}/webhooks/complycube`;
      const deliveries = Array.from({ length: 1000 }, (_, i) =>
        complyCubeDelivery(SECRET, {
          id: `evt-b-${i}`,
          type: 'check.completed',
          payload: { id: `chk-b-${i}` },
        }),
      );
      // Every event twice (a provider's redelivery), all 2,000 at once, each on its own connection: more than
      // the server's 512 connections, so some are refused and sent again, as a provider would.
      const results = await Promise.all([...deliveries, ...deliveries].map((d) => deliver(url, d, agent)));

      // Nothing lost: every delivery was acknowledged, first stores as 202, a repeat as 200.
      expect(results.filter((r) => r.status !== 200 && r.status !== 202)).toEqual([]);
      expect(results.filter((r) => r.status === 202).length).toBeLessThanOrEqual(1000);
      // Nothing stored twice, and each event's job queued once (job key per event).
      const stored = await sql<{ n: number; ids: number }>`
        SELECT count(*)::int AS n, count(DISTINCT provider_event_id)::int AS ids
        FROM idv.webhook_events WHERE provider_event_id LIKE 'evt-b-%'`.execute(handle.db);
      expect(stored.rows[0]).toEqual({ n: 1000, ids: 1000 });
      const jobs = await sql<{ n: number; events: number }>`
        SELECT count(*)::int AS n, count(DISTINCT (j.payload->>'eventId'))::int AS events
        FROM graphile_worker._private_jobs j
        JOIN graphile_worker._private_tasks t ON t.id = j.task_id
        WHERE t.identifier = 'idv_process_webhook_event:complycube'`.execute(handle.db);
      expect(jobs.rows[0]).toEqual({ n: 1000, events: 1000 });
      // It stayed up and serves: healthy, ready, and a clean exit on SIGTERM.
      expect(child.exitCode).toBeNull();
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).not.toContain(SECRET);
    } finally {
      agent.destroy();
      child.kill('SIGKILL');
      await handle.close();
    }
  }, 180_000);
});
