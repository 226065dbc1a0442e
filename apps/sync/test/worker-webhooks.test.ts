import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DbHandle, enqueueDiscovered } from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import type { Sandbox } from '@idvkit/sandbox';
import { makeWorkerUtils } from 'graphile-worker';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxConfig } from '../src/demo/sandbox-config.js';
import { queueSync } from '../src/worker/queue-sync.js';
import { cloneUrl } from './support/clone-url.js';
import { expectedFromTruth } from './support/expected.js';
import { testSandbox } from './support/harness.js';
import { freePort } from './support/webhook-senders.js';
import { jobsLeft, normalizedRows, sorted, startWorker, waitFor } from './support/worker-child.js';

const postgres = testDatabases().find((d) => d.name === 'postgres');
const tmp = mkdtempSync(join(tmpdir(), 'idvkit-worker-webhooks-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The sandbox's documented limits, as the config's `requestsPerSecond` (Verifa: 300 per minute). */
const LIMITS = { idnow: 20, yoti: 20, complycube: 10, verifa: 5 } as const;
const CONNECTIONS = Object.keys(LIMITS) as Array<keyof typeof LIMITS>;
const CC_SECRET = 'cc-webhook-secret-integration-0123';
const VERIFA_SECRET = 'whsec_verifa_integration_0123';
const YOTI_TOKEN = 'yoti-notification-token-integration-0123';

const runsOf = async (h: DbHandle, task: string) =>
  (
    await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM idv.sync_runs WHERE options->>'task' = ${task}`.execute(h.db)
  ).rows[0]!.n;
const openEvents = async (h: DbHandle) =>
  (
    await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM idv.webhook_events WHERE processed_at IS NULL`.execute(h.db)
  ).rows[0]!.n;

describe.skipIf(!postgres)(
  'three `idvkit worker --http-port` processes, webhooks from the sandbox (postgres)',
  () => {
    it('after an advance the database reaches the ground truth through webhooks alone, within the rate limits', async () => {
      const ports = [await freePort(), await freePort(), await freePort()] as const;
      const at = (i: 0 | 1 | 2, connection: string) => `http://127.0.0.1:${ports[i]}/webhooks/${connection}`;
      // One target per provider, spread over the three workers' ports, signed with the connections' secrets.
      const sandbox: Sandbox = await testSandbox({
        sessions: 40,
        rateLimits: {
          idnow: { requestsPerSecond: LIMITS.idnow, burst: LIMITS.idnow },
          yoti: { requestsPerSecond: LIMITS.yoti, burst: LIMITS.yoti },
          complycube: { requestsPerSecond: LIMITS.complycube, burst: LIMITS.complycube },
          verifa: { perMinute: LIMITS.verifa * 60 },
        },
        webhooks: {
          idnow: { url: at(0, 'idnow') },
          yoti: { url: at(1, 'yoti'), authToken: YOTI_TOKEN },
          complycube: { url: at(2, 'complycube'), secret: CC_SECRET },
          verifa: { url: at(0, 'verifa'), secret: VERIFA_SECRET },
        },
      });
      const handle = await postgres!.open();
      const { json } = sandboxConfig(sandbox, { idnow: 'provider' });
      const providers = json.providers as Record<string, Record<string, unknown>>;
      for (const p of CONNECTIONS) providers[p]!.requestsPerSecond = LIMITS[p];
      providers.idnow!.webhooks = { jwksUrl: sandbox.baseUrls.idnowJwks };
      providers.yoti!.webhooks = { authToken: YOTI_TOKEN };
      providers.complycube!.webhooks = { secret: CC_SECRET };
      providers.verifa!.webhooks = { secret: VERIFA_SECRET };
      const config = join(tmp, 'config.json');
      writeFileSync(config, JSON.stringify(json));
      const url = cloneUrl(handle);
      // Yoti has no list: its starting sessions are known ids, as `idvkit enqueue` would store them.
      await enqueueDiscovered(
        handle.db,
        'yoti',
        sandbox.yotiSessionIds().map((sessionId) => ({ sessionId, source: 'test' })),
        new Date(),
      );
      const workers = ports.map((port) =>
        startWorker([
          '--config',
          config,
          '--database',
          url,
          'worker',
          '--concurrency',
          '3',
          '--fetch-batch',
          '5',
          '--http-port',
          String(port),
        ]),
      );
      try {
        await Promise.all(workers.map((w) => w.ready));
        for (const port of ports) {
          expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
        }

        // One sync job per connection loads the starting state; after that no sync runs.
        const utils = await makeWorkerUtils({ connectionString: url });
        try {
          for (const c of CONNECTIONS) await queueSync(utils.addJob, c);
        } finally {
          await utils.release();
        }
        await waitFor('the initial sync', async () => (await jobsLeft(handle)) === 0);
        const before = sorted(await normalizedRows(handle));
        expect(before).toEqual(sorted(expectedFromTruth(sandbox.truth())));
        expect(await runsOf(handle, 'idv_sync_connection')).toBe(CONNECTIONS.length);

        sandbox.resetStats();
        const advanced = await sandbox.advance({ minutes: 180, create: 3, progress: 0.7 });
        for (const p of CONNECTIONS) {
          const counts = advanced.webhooks[p];
          expect(counts?.sent, p).toBeGreaterThan(0);
          expect(counts?.acknowledged, p).toBe(counts?.sent);
        }
        await waitFor(
          'the webhooks to be processed',
          async () => (await openEvents(handle)) === 0 && (await jobsLeft(handle)) === 0,
        );

        // The providers send no event for some changes (the sandbox follows their docs): ComplyCube's events are
        // about checks, so a session without checks is silent; Verifa documents no event for `processing` and
        // `failed`. Everything else equals the ground truth; the silent sessions are as they were before.
        const truth = sandbox.truth();
        const touched = (p: keyof typeof LIMITS) => new Set([...advanced.changed[p], ...advanced.created[p]]);
        const silent = new Set([
          ...truth.complycube.sessions
            .filter((s) => touched('complycube').has(s.sessionId) && Object.keys(s.checks).length === 0)
            .map((s) => `complycube:${s.sessionId}`),
          ...truth.verifa.sessions
            .filter(
              (s) =>
                touched('verifa').has(s.sessionId) &&
                ['processing', 'failed'].includes(String(s.session.status)),
            )
            .map((s) => `verifa:${s.sessionId}`),
        ]);
        const isSilent = (r: { provider: string; sessionId: string }) =>
          silent.has(`${r.provider}:${r.sessionId}`);
        const after = sorted(await normalizedRows(handle));
        expect(after.filter((r) => !isSilent(r))).toEqual(
          sorted(expectedFromTruth(truth)).filter((r) => !isSilent(r)),
        );
        expect(after.filter(isSilent)).toEqual(before.filter(isSilent));
        expect(await runsOf(handle, 'idv_sync_connection')).toBe(CONNECTIONS.length);
        const stored = await sql<{ connection: string; n: number }>`
        SELECT connection, count(*)::int AS n FROM idv.webhook_events WHERE status = 'processed'
        GROUP BY connection ORDER BY connection`.execute(handle.db);
        expect(stored.rows.map((r) => r.connection)).toEqual([...CONNECTIONS].sort());

        // The limits held across the three processes: at most 1% of requests were refused with a 429.
        const stats = sandbox.stats().providers;
        for (const p of CONNECTIONS) {
          expect(stats[p].requests, p).toBeGreaterThan(0);
          expect(stats[p].status['429'], p).toBeLessThanOrEqual(Math.floor(stats[p].requests * 0.01));
        }

        // Each worker's /metrics counts what it received and what it did.
        const metrics = await Promise.all(
          ports.map(async (port) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text()),
        );
        expect(metrics[0]).toMatch(
          /idvkit_webhook_events_total\{connection="idnow",outcome="stored"\} [1-9]/,
        );
        expect(metrics[1]).toMatch(/idvkit_webhook_events_total\{connection="yoti",outcome="stored"\} [1-9]/);
        expect(metrics[2]).toMatch(
          /idvkit_webhook_events_total\{connection="complycube",outcome="stored"\} [1-9]/,
        );
        const synced = metrics.join('\n').match(/idvkit_sessions_synced_total\{connection="[a-z]+"\} \d+/g);
        expect(synced?.length).toBeGreaterThan(0);
        expect(metrics.join('\n')).toMatch(
          /idvkit_provider_requests_total\{connection="complycube",status="200"\} [1-9]/,
        );
        expect(metrics[0]).toMatch(
          /idvkit_checkpoint_age_seconds\{connection="complycube",scope="default"\} \d/,
        );
        for (const text of metrics) {
          for (const secret of [CC_SECRET, VERIFA_SECRET, YOTI_TOKEN]) expect(text).not.toContain(secret);
        }

        // A scheduled sync is the safety net for what no webhook announces: one more sync each, and all is equal.
        if (silent.size > 0) {
          const again = await makeWorkerUtils({ connectionString: url });
          try {
            for (const c of ['complycube', 'verifa']) await queueSync(again.addJob, c);
          } finally {
            await again.release();
          }
          await waitFor('the safety-net syncs', async () => (await jobsLeft(handle)) === 0);
          expect(sorted(await normalizedRows(handle))).toEqual(sorted(expectedFromTruth(sandbox.truth())));
        }

        for (const w of workers) w.child.kill('SIGTERM');
        for (const w of workers) expect(await w.exited).toEqual({ code: 0, signal: null });
        // The HTTP ports closed with the workers.
        await expect(fetch(`http://127.0.0.1:${ports[0]}/healthz`)).rejects.toThrow();
        for (const w of workers) {
          for (const secret of [CC_SECRET, VERIFA_SECRET, YOTI_TOKEN])
            expect(w.stderr()).not.toContain(secret);
        }
      } finally {
        for (const w of workers) w.child.kill('SIGKILL');
        await sandbox.stop();
        await handle.close();
      }
    }, 240_000);
  },
);
