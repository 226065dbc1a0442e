import type { DbHandle } from '@idvkit/db';
import { describeEachDatabase, testDatabases } from '@idvkit/db/testing';
import type { Sandbox } from '@idvkit/sandbox';
import { runOnce } from 'graphile-worker';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdvkitConfig } from '../src/config/load-config.js';
import { createMetrics } from '../src/http/metrics.js';
import { type ServiceHttp, startServiceHttp } from '../src/http/service.js';
import { webhookConnections } from '../src/http/webhooks/connections.js';
import { silentLogger } from '../src/output/logger.js';
import { workerConnections } from '../src/worker/connection.js';
import { discoverOnce } from '../src/worker/ensure-discovered.js';
import { graphileLogger } from '../src/worker/graphile-logger.js';
import { migrateQueue } from '../src/worker/queue-schema.js';
import { workerTasks } from '../src/worker/task-list.js';
import { TASK, taskFor } from '../src/worker/task-names.js';
import { createWorkerContext } from '../src/worker/worker-context.js';
import { cloneUrl } from './support/clone-url.js';
import { configFor, testSandbox } from './support/harness.js';
import { idnowDelivery, post, startJwks, type TestJwks } from './support/webhook-senders.js';

/** No retries in the client: one failing catalogue request is one failed read. */
const HTTP = { maxRetries: 0, timeoutMs: 5_000 };
const CONNECTION = 'idnow-live';

// With the sandbox config's default `flows: "all"`, idnow-live's scopes come only from its flow catalogue.
describeEachDatabase('discoverOnce: a flow catalogue read once per process', (getDb) => {
  let sandbox: Sandbox;
  let config: IdvkitConfig;
  beforeAll(async () => {
    sandbox = await testSandbox({ sessions: 6 });
    config = configFor(sandbox);
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
  });
  const context = () =>
    createWorkerContext({
      db: getDb().db,
      log: silentLogger,
      config,
      connections: workerConnections(config),
      metrics: createMetrics(),
      http: HTTP,
    });
  const listFlows = () => sandbox.stats().providers.idnow.byOperation.listFlows ?? 0;
  const signal = new AbortController().signal;

  it('concurrent callers share one read; the flows become the scopes and are stored in idv.flows', async () => {
    sandbox.resetStats();
    const ctx = context();
    const source = ctx.connection(CONNECTION).source;
    expect(source.scopes()).toEqual([]);
    const ensure = discoverOnce(ctx);
    await Promise.all([ensure(CONNECTION, signal), ensure(CONNECTION, signal)]);
    await ensure(CONNECTION, signal);
    expect(listFlows()).toBe(1);
    const flowIds = [...new Set(sandbox.idnowFlows.map((f) => f.flowId))].sort();
    expect(
      source
        .scopes()
        .map((s) => s.key)
        .sort(),
    ).toEqual(flowIds.map((f) => `${f}/live`).sort());
    const stored = await sql<{ flow_id: string }>`
      SELECT flow_id FROM idv.flows WHERE connection = ${CONNECTION} ORDER BY flow_id`.execute(getDb().db);
    expect(stored.rows.map((r) => r.flow_id)).toEqual(flowIds);
  }, 30_000);

  it('a connection whose scopes do not come from a catalogue is not read (listed flows, Verifa, Yoti)', async () => {
    sandbox.resetStats();
    const listed = configFor(sandbox, undefined, { idnowFlows: 'listed' });
    const ctx = createWorkerContext({
      db: getDb().db,
      log: silentLogger,
      config: listed,
      connections: workerConnections(listed),
      metrics: createMetrics(),
      http: HTTP,
    });
    const ensure = discoverOnce(ctx);
    for (const name of [CONNECTION, 'verifa', 'yoti']) await ensure(name, signal);
    expect(sandbox.stats().providers.idnow.requests).toBe(0);
    expect(sandbox.stats().providers.verifa.requests).toBe(0);
    expect(sandbox.stats().providers.yoti.requests).toBe(0);
  }, 30_000);

  it('a failed read is not kept: the caller fails, and the next call reads again', async () => {
    sandbox.resetStats();
    const ctx = context();
    const ensure = discoverOnce(ctx);
    sandbox.setFaults('idnow', { failNext: [{ operation: 'listFlows', status: 500, count: 1 }] });
    await expect(ensure(CONNECTION, signal)).rejects.toThrow(
      /discovering the flows of connection idnow-live failed/,
    );
    expect(ctx.connection(CONNECTION).source.scopes()).toEqual([]);
    sandbox.setFaults('idnow', null);
    await ensure(CONNECTION, signal);
    await ensure(CONNECTION, signal);
    expect(listFlows()).toBe(2);
    expect(ctx.connection(CONNECTION).source.scopes().length).toBeGreaterThan(0);
  }, 30_000);
});

const target = testDatabases().find((d) => d.name === 'postgres');

describe.skipIf(!target)(
  'IDnow flows "all": webhook events in a worker that has not synced the connection (postgres, sandbox)',
  () => {
    let sandbox: Sandbox;
    let config: IdvkitConfig;
    let handle: DbHandle;
    let service: ServiceHttp;
    let jwks: TestJwks;
    let url: string;

    beforeAll(async () => {
      sandbox = await testSandbox({ sessions: 12 });
      jwks = await startJwks();
      config = configFor(sandbox, (json) => {
        const c = json.connections as Record<string, Record<string, unknown>>;
        c[CONNECTION]!.webhooks = { jwksUrl: jwks.url };
      });
      handle = await target!.open();
      url = cloneUrl(handle);
      await migrateQueue(url, silentLogger);
      service = await startServiceHttp({
        db: handle.db,
        connections: webhookConnections(config),
        log: silentLogger,
        metrics: createMetrics(),
      });
    }, 60_000);
    afterAll(async () => {
      await service?.close();
      await jwks?.close();
      await handle?.close();
      await sandbox?.stop();
    });

    /** A fresh worker process's `idv_process_webhook_event:idnow-live` task (no sync ran in it). */
    const freshProcessTask = () => {
      const ctx = createWorkerContext({
        db: handle.db,
        log: silentLogger,
        config,
        connections: workerConnections(config),
        metrics: createMetrics(),
        http: HTTP,
      });
      const id = taskFor(TASK.processWebhookEvent, CONNECTION);
      return { [id]: workerTasks(ctx, [CONNECTION])[id]! };
    };
    /** Runs the event jobs that are due, leaving the fetch jobs they queue in the queue to be read. */
    const runEvents = (taskList: ReturnType<typeof freshProcessTask>) =>
      runOnce({
        connectionString: url,
        logger: graphileLogger(silentLogger),
        noHandleSignals: true,
        taskList,
      });
    type Session = ReturnType<Sandbox['truth']>['idnow']['sessions'][number];
    const send = async (eventId: string, s: Session) => {
      const delivery = idnowDelivery(jwks, {
        eventId,
        eventName: 'session.completed',
        environment: s.environment,
        payload: { flowId: s.flowId, sessionId: s.sessionId },
      });
      expect((await post(`${service.url}/webhooks/${CONNECTION}`, delivery)).status).toBe(202);
    };
    const eventRow = async (providerEventId: string) =>
      (
        await sql<{ status: string; processed: boolean }>`
        SELECT status, processed_at IS NOT NULL AS processed
        FROM idv.webhook_events WHERE provider_event_id = ${providerEventId}`.execute(handle.db)
      ).rows[0];
    /** The queued fetch of a session: its payload's scope key (undefined: none queued). */
    const fetchScope = async (sessionId: string) => {
      const rows = await sql<{ payload: { scope?: string } }>`
        SELECT p.payload FROM graphile_worker.jobs j JOIN graphile_worker._private_jobs p ON p.id = j.id
        WHERE j.task_identifier = ${taskFor(TASK.fetchSessions, CONNECTION)}
          AND j.key = ${`idv_fetch_session:${CONNECTION}:${sessionId}`}`.execute(handle.db);
      return rows.rows.length === 0 ? undefined : (rows.rows[0]!.payload.scope ?? null);
    };
    const listFlows = () => sandbox.stats().providers.idnow.byOperation.listFlows ?? 0;
    const liveSessions = () => sandbox.truth().idnow.sessions.filter((s) => s.environment === 'live');

    it('events of the synced environment are fetched in their flow’s scope; the catalogue is read once', async () => {
      const live = liveSessions();
      const a = live[0]!;
      const b = live.find((s) => s.flowId !== a.flowId) ?? live[1]!;
      sandbox.resetStats();
      const tasks = freshProcessTask();
      await send('evt-all-1', a);
      await send('evt-all-2', b);
      await runEvents(tasks);
      expect(await eventRow('evt-all-1')).toEqual({ status: 'processed', processed: true });
      expect(await eventRow('evt-all-2')).toEqual({ status: 'processed', processed: true });
      expect(await fetchScope(a.sessionId)).toBe(`${a.flowId}/live`);
      expect(await fetchScope(b.sessionId)).toBe(`${b.flowId}/live`);
      expect(listFlows()).toBe(1);

      // A later event in the same process: the catalogue is not read again.
      const c = live[2]!;
      await send('evt-all-3', c);
      await runEvents(tasks);
      expect(await fetchScope(c.sessionId)).toBe(`${c.flowId}/live`);
      expect(listFlows()).toBe(1);
      const flows = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM idv.flows WHERE connection = ${CONNECTION}`.execute(handle.db);
      expect(flows.rows[0]?.n).toBe(new Set(sandbox.idnowFlows.map((f) => f.flowId)).size);
    }, 60_000);

    it('an event of an environment the connection does not sync is ignored, with no fetch queued', async () => {
      const staging = sandbox.truth().idnow.sessions.find((s) => s.environment === 'staging')!;
      sandbox.resetStats();
      await send('evt-all-staging', staging);
      await runEvents(freshProcessTask());
      expect(await eventRow('evt-all-staging')).toEqual({ status: 'ignored', processed: true });
      expect(await fetchScope(staging.sessionId)).toBeUndefined();
      expect(listFlows()).toBe(1);
      expect(sandbox.stats().providers.idnow.byOperation.getSession ?? 0).toBe(0);
    }, 60_000);

    it('a failed catalogue read fails the job (nothing marked, no fetch); the retry reads it and succeeds', async () => {
      const s = liveSessions()[3]!;
      sandbox.resetStats();
      sandbox.setFaults('idnow', { failNext: [{ operation: 'listFlows', status: 500, count: 1 }] });
      const tasks = freshProcessTask();
      await send('evt-all-retry', s);
      await runEvents(tasks);
      expect(await eventRow('evt-all-retry')).toEqual({ status: 'queued', processed: false });
      expect(await fetchScope(s.sessionId)).toBeUndefined();
      const failed = await sql<{ attempts: number; last_error: string | null }>`
        SELECT attempts, last_error FROM graphile_worker.jobs
        WHERE task_identifier = ${taskFor(TASK.processWebhookEvent, CONNECTION)}`.execute(handle.db);
      expect(failed.rows).toEqual([
        {
          attempts: 1,
          last_error: expect.stringContaining('discovering the flows of connection idnow-live failed'),
        },
      ]);
      const secret = String(
        (sandbox.credentials.idnow as unknown as Record<string, { clientSecret: string }>).live?.clientSecret,
      );
      expect(failed.rows[0]?.last_error).not.toContain(secret);

      await sql`UPDATE graphile_worker._private_jobs SET run_at = now()`.execute(handle.db); // skip the backoff
      await runEvents(tasks);
      expect(await eventRow('evt-all-retry')).toEqual({ status: 'processed', processed: true });
      expect(await fetchScope(s.sessionId)).toBe(`${s.flowId}/live`);
      expect(listFlows()).toBe(2);
    }, 60_000);
  },
);
