import type { DbHandle } from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import type { Sandbox } from '@idvkit/sandbox';
import { runOnce } from 'graphile-worker';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerCommand } from '../src/commands/worker.js';
import { ConfigError } from '../src/config/config-error.js';
import { type IdvkitConfig, parseConfig } from '../src/config/load-config.js';
import type { Scope } from '../src/engine/types.js';
import { createMetrics } from '../src/http/metrics.js';
import { type ServiceHttp, startServiceHttp } from '../src/http/service.js';
import { webhookConnections } from '../src/http/webhooks/connections.js';
import { silentLogger } from '../src/output/logger.js';
import { workerConnections } from '../src/worker/connection.js';
import { eventScopeKey } from '../src/worker/event-scope.js';
import { graphileLogger } from '../src/worker/graphile-logger.js';
import { migrateQueue } from '../src/worker/queue-schema.js';
import { workerTasks } from '../src/worker/task-list.js';
import { createWorkerContext } from '../src/worker/worker-context.js';
import { cloneUrl } from './support/clone-url.js';
import { captureIO, configFor, testSandbox } from './support/harness.js';
import { idnowDelivery, post, startJwks, type TestJwks, yotiDelivery } from './support/webhook-senders.js';

const SCOPES: Scope[] = [
  { key: 'f1/live', flowId: 'f1', environment: 'live' },
  { key: 'f2/live', flowId: 'f2', environment: 'live' },
  { key: 'f1/staging', flowId: 'f1', environment: 'staging' },
];

describe('eventScopeKey: the scope an IDnow event is fetched in', () => {
  it.each([
    ['no scope in the event', { scopes: SCOPES, event: undefined }, undefined],
    ['flow and environment', { scopes: SCOPES, event: { environment: 'live', flowId: 'f2' } }, 'f2/live'],
    [
      'a flow not configured: any scope of the environment',
      { scopes: SCOPES, event: { environment: 'staging', flowId: 'f9' } },
      'f1/staging',
    ],
    [
      'an environment the connection does not sync',
      { scopes: SCOPES.slice(0, 2), event: { environment: 'staging', flowId: 'f1' } },
      null,
    ],
    [
      'no environment, one among the scopes',
      { scopes: SCOPES.slice(0, 2), event: { environment: null, flowId: null } },
      'f1/live',
    ],
    [
      'no environment, several among the scopes',
      { scopes: SCOPES, event: { environment: null, flowId: 'f1' } },
      undefined,
    ],
  ] as const)('%s', (_name, given, want) => {
    expect(eventScopeKey(given.scopes, given.event)).toBe(want);
  });

  // A source with no scopes at all (an IDnow catalogue listing no flow): fetched by id in `idScope`.
  const BY_ID: Scope = { key: 'unknown', environment: 'live' };
  it.each([
    [
      'the environment sessions are fetched in by id',
      { environment: 'live', flowId: 'f1' },
      BY_ID,
      undefined,
    ],
    ['another environment', { environment: 'staging', flowId: 'f1' }, BY_ID, null],
    ['no environment in the event', { environment: null, flowId: 'f1' }, BY_ID, undefined],
    [
      'a source that fetches without an environment',
      { environment: 'staging', flowId: null },
      { key: 'default' },
      undefined,
    ],
    ['no idScope given', { environment: 'staging', flowId: null }, undefined, undefined],
  ] as const)('no scopes, %s', (_name, event, idScope, want) => {
    expect(eventScopeKey([], event, idScope)).toBe(want);
  });
});

const target = testDatabases().find((d) => d.name === 'postgres');

describe.skipIf(!target)(
  'webhook events through the worker’s tasks (postgres, sandbox over loopback)',
  () => {
    const YOTI_TOKEN = 'yoti-notification-token-events-0123';
    let sandbox: Sandbox;
    let config: IdvkitConfig;
    let handle: DbHandle;
    let service: ServiceHttp;
    let jwks: TestJwks;
    let url: string;
    const metrics = createMetrics();

    beforeAll(async () => {
      sandbox = await testSandbox({ sessions: 12 });
      jwks = await startJwks();
      // IDnow as two connections, one API client per environment (the sandbox config's default).
      config = configFor(
        sandbox,
        (json) => {
          const c = json.connections as Record<string, Record<string, unknown>>;
          c['idnow-live']!.webhooks = { jwksUrl: jwks.url };
          (json.providers.yoti as Record<string, unknown>).webhooks = { authToken: YOTI_TOKEN };
          // Listed flows: the process knows its scopes without reading the catalogue (flows "all", where the
          // worker reads it first: worker-event-scope-discover.test.ts).
        },
        { idnowFlows: 'listed' },
      );
      handle = await target!.open();
      url = cloneUrl(handle);
      await migrateQueue(url, silentLogger);
      service = await startServiceHttp({
        db: handle.db,
        connections: webhookConnections(config),
        log: silentLogger,
        metrics,
      });
    }, 60_000);
    afterAll(async () => {
      await service?.close();
      await jwks?.close();
      await handle?.close();
      await sandbox?.stop();
    });

    /** Runs every job the worker's task list can run now (the events, then the fetches they queue). */
    const runJobs = async () => {
      const ctx = createWorkerContext({
        db: handle.db,
        log: silentLogger,
        config,
        connections: workerConnections(config),
        metrics,
      });
      await runOnce({
        connectionString: url,
        logger: graphileLogger(silentLogger),
        noHandleSignals: true,
        taskList: workerTasks(
          ctx,
          workerConnections(config).map((c) => c.name),
        ),
      });
    };
    const eventStatus = async (providerEventId: string) =>
      (
        await sql<{ status: string }>`
        SELECT status FROM idv.webhook_events WHERE provider_event_id = ${providerEventId}`.execute(handle.db)
      ).rows[0]?.status;
    const stored = async (provider: string, sessionId: string) =>
      (
        await sql<{ environment: string | null; connection: string }>`
        SELECT environment, connection FROM idv.sessions
        WHERE provider = ${provider} AND session_id = ${sessionId}`.execute(handle.db)
      ).rows[0];

    it('IDnow: the event’s environment reaches the fetch; an event of another environment is ignored', async () => {
      const sessions = sandbox.truth().idnow.sessions;
      const live = sessions.find((s) => s.environment === 'live')!;
      const staging = sessions.find((s) => s.environment === 'staging')!;
      const send = (eventId: string, s: typeof live) =>
        post(
          `${service.url}/webhooks/idnow-live`,
          idnowDelivery(jwks, {
            eventId,
            eventName: 'session.completed',
            environment: s.environment,
            payload: { flowId: s.flowId, sessionId: s.sessionId },
          }),
        );
      expect((await send('evt-live-1', live)).status).toBe(202);
      expect((await send('evt-staging-1', staging)).status).toBe(202);
      await runJobs();
      expect(await eventStatus('evt-live-1')).toBe('processed');
      expect(await eventStatus('evt-staging-1')).toBe('ignored');
      expect(await stored('idnow', live.sessionId)).toEqual({
        environment: 'live',
        connection: 'idnow-live',
      });
      expect(await stored('idnow', staging.sessionId)).toBeUndefined();
      const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker.jobs`.execute(
        handle.db,
      );
      expect(left.rows[0]?.n).toBe(0);
    }, 60_000);

    it('Yoti: the same notification twice is stored once, and the repeat fetches the session again', async () => {
      const [sessionId] = sandbox.yotiSessionIds();
      const body = { session_id: sessionId, topic: 'session_completion' };
      const first = await post(`${service.url}/webhooks/yoti`, yotiDelivery(YOTI_TOKEN, body));
      expect(first.status).toBe(202);
      sandbox.resetStats();
      await runJobs();
      expect(await stored('yoti', sessionId!)).toMatchObject({ connection: 'yoti' });
      const fetchesAfterFirst = sandbox.stats().providers.yoti.byOperation;
      expect(Object.values(fetchesAfterFirst).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

      // The session changes the same way again later: Yoti sends the same body.
      sandbox.resetStats();
      const again = await post(`${service.url}/webhooks/yoti`, yotiDelivery(YOTI_TOKEN, body));
      expect(again).toEqual({ status: 200, body: JSON.stringify({ status: 'repeated' }) });
      const rows = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM idv.webhook_events WHERE connection = 'yoti'`.execute(handle.db);
      expect(rows.rows[0]?.n).toBe(1);
      await runJobs();
      expect(sandbox.stats().providers.yoti.byOperation).toEqual(fetchesAfterFirst);
      const text = await metrics.registry.metrics();
      expect(text).toContain('idvkit_webhook_events_total{connection="yoti",outcome="repeated"} 1');
      expect(text).toMatch(/idvkit_sessions_synced_total\{connection="yoti"\} 2/);
    }, 60_000);
  },
);

describe('idvkit worker --http-port / --host', () => {
  const config = parseConfig({
    providers: { complycube: { baseUrl: 'http://127.0.0.1:9/complycube/v1', apiKey: 'test-api-key-1' } },
  });
  it.each([
    [{ httpPort: 'x' }, '--http-port: expected a port number 0-65535, received "x"'],
    [{ httpPort: '70000' }, '--http-port: expected a port number 0-65535, received "70000"'],
    [{ host: '0.0.0.0' }, '--host: expected --http-port with it, received --host 0.0.0.0 alone'],
  ])('refuses %j with one line, before opening anything', async (flags, message) => {
    await expect(workerCommand(config, flags, {}, captureIO().io)).rejects.toThrow(new ConfigError(message));
  });
});
