import { Agent } from 'node:http';
import { connect } from 'node:net';
import type { DbHandle } from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../src/http/metrics.js';
import { type ServiceHttp, startServiceHttp } from '../src/http/service.js';
import type { WebhookConnection } from '../src/http/webhooks/types.js';
import { silentLogger } from '../src/output/logger.js';
import { migrateQueue } from '../src/worker/queue-schema.js';
import { cloneUrl } from './support/clone-url.js';
import {
  complyCubeDelivery,
  hmacHex,
  idnowDelivery,
  post,
  startJwks,
  type TestJwks,
  verifaDelivery,
  yotiDelivery,
} from './support/webhook-senders.js';

const CC_SECRET = 'cc-webhook-secret-0123456789';
const VERIFA_SECRET = 'whsec_verifa_0123456789';
const YOTI_TOKEN = 'yoti-notification-token-0123456789';
const target = testDatabases().find((d) => d.name === 'postgres');

const events = async (db: DbHandle['db']) =>
  (
    await sql<Record<string, unknown>>`
      SELECT connection, provider, provider_event_id, body_sha256, event_type, session_id, check_id, status
      FROM idv.webhook_events ORDER BY id`.execute(db)
  ).rows;
const jobs = async (db: DbHandle['db']) =>
  (
    await sql<{ key: string; task: string; payload: unknown }>`
      SELECT j.key, j.task_identifier AS task, p.payload
      FROM graphile_worker.jobs j JOIN graphile_worker._private_jobs p ON p.id = j.id ORDER BY j.id`.execute(
      db,
    )
  ).rows;

describe.skipIf(!target)('webhooks in: POST /webhooks/<connection> on Postgres', () => {
  let handle: DbHandle;
  let service: ServiceHttp;
  let jwks: TestJwks;
  const metrics = createMetrics();

  beforeAll(async () => {
    handle = await target!.open();
    jwks = await startJwks();
    const connections: WebhookConnection[] = [
      { name: 'complycube', provider: 'complycube', webhooks: { secret: CC_SECRET } },
      { name: 'verifa', provider: 'verifa', webhooks: { secret: VERIFA_SECRET, toleranceSeconds: 300 } },
      { name: 'idnow', provider: 'idnow', webhooks: { jwksUrl: jwks.url } },
      // Port 9 (discard) is closed on loopback: the key set cannot be fetched.
      { name: 'idnow-down', provider: 'idnow', webhooks: { jwksUrl: 'http://127.0.0.1:9/jwks.json' } },
      { name: 'yoti', provider: 'yoti', webhooks: { authToken: YOTI_TOKEN } },
      { name: 'yoti-eu', provider: 'yoti', webhooks: { authToken: YOTI_TOKEN } },
    ];
    service = await startServiceHttp({
      db: handle.db,
      connections,
      log: silentLogger,
      metrics,
      limits: { bodyTimeoutMs: 300 },
    });
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    await jwks?.close();
    await handle?.close();
  });

  const url = (connection: string) => `${service.url}/webhooks/${connection}`;
  const get = (path: string) => fetch(`${service.url}${path}`);

  it('/healthz answers; /readyz is 503 until graphile-worker is migrated, then 200', async () => {
    expect((await get('/healthz')).status).toBe(200);
    const before = await get('/readyz');
    expect(before.status).toBe(503);
    expect(((await before.json()) as { detail: string }).detail).toMatch(/graphile-worker/);
    await migrateQueue(cloneUrl(handle), silentLogger);
    expect((await get('/readyz')).status).toBe(200);
  }, 60_000);

  it.each([
    [
      'complycube',
      () =>
        complyCubeDelivery(CC_SECRET, {
          id: 'evt-cc-1',
          type: 'check.completed',
          resourceType: 'check',
          payload: { id: 'chk-1', entityName: 'Jane Doe' },
        }),
      {
        provider_event_id: 'evt-cc-1',
        body_sha256: null,
        event_type: 'check.completed',
        session_id: null,
        check_id: 'chk-1',
      },
    ],
    [
      'verifa',
      () =>
        verifaDelivery(VERIFA_SECRET, {
          event: 'session.approved',
          data: { session_id: 'ses-v-1', status: 'approved' },
        }),
      { provider_event_id: null, event_type: 'session.approved', session_id: 'ses-v-1', check_id: null },
    ],
    [
      'idnow',
      () =>
        idnowDelivery(jwks, {
          eventId: 'evt-i-1',
          eventName: 'session.completed',
          payload: { sessionId: 'ses-i-1' },
        }),
      {
        provider_event_id: 'evt-i-1',
        body_sha256: null,
        event_type: 'session.completed',
        session_id: 'ses-i-1',
        check_id: null,
      },
    ],
    [
      'yoti',
      () => yotiDelivery(YOTI_TOKEN, { session_id: 'ses-y-1', topic: 'session_completion' }),
      { provider_event_id: null, event_type: 'session_completion', session_id: 'ses-y-1', check_id: null },
    ],
  ])(
    '%s: a valid event is stored once, minimized, with its job queued; a replay stores nothing',
    async (name, delivery, want) => {
      const first = delivery();
      expect((await post(url(name), first)).status).toBe(202);
      expect((await post(url(name), first)).status).toBe(200); // the same delivery again: a replay
      const rows = (await events(handle.db)).filter((r) => r.connection === name);
      expect(rows).toEqual([
        {
          connection: name,
          provider: name,
          status: 'queued',
          body_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          ...want,
        },
      ]);
      // Minimized: nothing of the body but ids and the type (ComplyCube's payload held a name).
      expect(JSON.stringify(rows)).not.toContain('Jane Doe');
      const queued = (await jobs(handle.db)).filter((j) => j.task === `idv_process_webhook_event:${name}`);
      const ids = (
        await sql<{ id: number }>`SELECT id FROM idv.webhook_events WHERE connection = ${name}`.execute(
          handle.db,
        )
      ).rows;
      for (const { id } of ids) {
        expect(queued).toContainEqual({
          key: `idv_process_webhook_event:${id}`,
          task: `idv_process_webhook_event:${name}`,
          payload: {
            eventId: id,
            connection: name,
            // IDnow's fetch is per environment: the event's (none here) goes to the worker.
            ...(name === 'idnow' ? { scope: { environment: null, flowId: null } } : {}),
          },
        });
      }
      // Without an event id a replay is a repeat too (Yoti sends the same body for the same change again):
      // stored once, but its session's fetch is queued (once, under its job key).
      const fetches = (await jobs(handle.db)).filter((j) => j.task === `idv_fetch_sessions:${name}`);
      const sessionId = want.session_id;
      const repeat = want.provider_event_id === null;
      expect(fetches.filter((j) => j.key === `idv_fetch_session:${name}:${sessionId}`)).toEqual(
        repeat
          ? [
              {
                key: `idv_fetch_session:${name}:${sessionId}`,
                task: `idv_fetch_sessions:${name}`,
                payload: { connection: name, sessionIds: [sessionId] },
              },
            ]
          : [],
      );
    },
  );

  it('an event naming no session or check is stored for dedupe as ignored, with no job', async () => {
    const d = complyCubeDelivery(CC_SECRET, {
      id: 'evt-cc-client',
      type: 'client.created',
      resourceType: 'client',
      payload: { id: 'cli-1' },
    });
    expect((await post(url('complycube'), d)).status).toBe(202);
    const row = (await events(handle.db)).find((r) => r.provider_event_id === 'evt-cc-client');
    expect(row?.status).toBe('ignored');
    // 4 events processed, and a fetch for each repeated body (Verifa without idempotency_key, Yoti).
    expect((await jobs(handle.db)).length).toBe(6);
  });

  it.each([
    [
      'complycube: no signature',
      'complycube',
      () => ({
        body: '{"id":"x","type":"check.completed"}',
        headers: { 'content-type': 'application/json' },
      }),
    ],
    [
      'complycube: wrong secret',
      'complycube',
      () =>
        complyCubeDelivery('another-secret', {
          id: 'evt-bad',
          type: 'check.completed',
          payload: { id: 'c' },
        }),
    ],
    [
      'verifa: wrong secret',
      'verifa',
      () => verifaDelivery('whsec_other', { event: 'session.approved', session_id: 's-bad' }),
    ],
    [
      'verifa: stale timestamp (10 min)',
      'verifa',
      () =>
        verifaDelivery(
          VERIFA_SECRET,
          { event: 'session.approved', session_id: 's-old' },
          Math.floor(Date.now() / 1000) - 600,
        ),
    ],
    [
      'verifa: body changed after signing',
      'verifa',
      () => ({
        ...verifaDelivery(VERIFA_SECRET, { event: 'session.approved', session_id: 's-1' }),
        body: '{"event":"session.approved","session_id":"s-2"}',
      }),
    ],
    [
      'idnow: expired token',
      'idnow',
      () =>
        idnowDelivery(
          jwks,
          { eventId: 'evt-exp', eventName: 'session.completed', payload: { sessionId: 's' } },
          Math.floor(Date.now() / 1000) - 60,
        ),
    ],
    [
      'idnow: signature by another key',
      'idnow',
      () => {
        const d = idnowDelivery(jwks, {
          eventId: 'evt-forged',
          eventName: 'session.completed',
          payload: { sessionId: 's' },
        });
        const [h, c] = d.body.split('.');
        return { ...d, body: `${h}.${c}.${Buffer.from(hmacHex('k', 'x')).toString('base64url')}` };
      },
    ],
    [
      'yoti: wrong token',
      'yoti',
      () => yotiDelivery('not-the-token', { session_id: 's-y', topic: 'session_completion' }),
    ],
    [
      'yoti: no Authorization',
      'yoti',
      () => ({ body: '{"session_id":"s","topic":"x"}', headers: { 'content-type': 'application/json' } }),
    ],
  ])('%s → 401, nothing stored', async (_label, name, delivery) => {
    const before = (await events(handle.db)).length;
    const res = await post(url(name), delivery());
    expect(res.status).toBe(401);
    expect(res.body).not.toContain(CC_SECRET);
    expect((await events(handle.db)).length).toBe(before);
  });

  it('IDnow with its key set unreachable → 503 (IDnow retries), nothing stored', async () => {
    const before = (await events(handle.db)).length;
    const d = idnowDelivery(jwks, {
      eventId: 'evt-i-down',
      eventName: 'session.completed',
      payload: { sessionId: 's' },
    });
    const res = await post(url('idnow-down'), d);
    expect(res.status).toBe(503);
    expect((await events(handle.db)).length).toBe(before);
  });

  it('an unknown connection → 404; a GET → 405', async () => {
    expect((await post(url('nope'), complyCubeDelivery(CC_SECRET, { id: 'e', type: 't' }))).status).toBe(404);
    expect((await get('/webhooks/complycube')).status).toBe(405);
  });

  it('a body over 1 MiB → 413, nothing stored', async () => {
    const before = (await events(handle.db)).length;
    const big = complyCubeDelivery(CC_SECRET, {
      id: 'evt-big',
      type: 'check.completed',
      payload: { id: 'c', pad: 'x'.repeat(1024 * 1024) },
    });
    const res = await post(url('complycube'), big).catch((err: NodeJS.ErrnoException) => ({
      status: err.code,
      body: '',
    }));
    // The server answers 413 and closes; a client still sending may see the reset instead.
    expect([413, 'ECONNRESET', 'EPIPE']).toContain(res.status);
    expect((await events(handle.db)).length).toBe(before);
  });

  it('a slow body times out (408 or a closed socket), nothing stored', async () => {
    const before = (await events(handle.db)).length;
    const { port } = new URL(service.url);
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /webhooks/complycube HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"id":`,
        );
      });
      let got = '';
      socket.on('data', (c) => {
        got += c.toString();
      });
      socket.on('close', () => resolve(got));
      socket.on('error', () => undefined);
    });
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
    expect((await events(handle.db)).length).toBe(before);
  });

  it('2,000 concurrent valid posts (1,000 events, each twice): every one answered 2xx, each event stored and queued once', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 256 });
    const deliveries = Array.from({ length: 1000 }, (_, i) =>
      complyCubeDelivery(CC_SECRET, {
        id: `evt-burst-${i}`,
        type: 'check.completed',
        payload: { id: `chk-burst-${i}` },
      }),
    );
    const results = await Promise.all(
      [...deliveries, ...deliveries].map((d) => post(url('complycube'), d, agent)),
    );
    agent.destroy();
    const byStatus: Record<string, number> = {};
    for (const r of results) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    expect(byStatus).toEqual({ 200: 1000, 202: 1000 });
    const stored = await sql<{ n: number; distinct_ids: number }>`
      SELECT count(*)::int AS n, count(DISTINCT provider_event_id)::int AS distinct_ids
      FROM idv.webhook_events WHERE provider_event_id LIKE 'evt-burst-%'`.execute(handle.db);
    expect(stored.rows[0]).toEqual({ n: 1000, distinct_ids: 1000 });
    const queued = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM graphile_worker.jobs j JOIN idv.webhook_events e
        ON j.key = 'idv_process_webhook_event:' || e.id WHERE e.provider_event_id LIKE 'evt-burst-%'`.execute(
      handle.db,
    );
    expect(queued.rows[0]?.n).toBe(1000);
    expect((await get('/healthz')).status).toBe(200);
  }, 120_000);

  it('/metrics shows requests, webhook outcomes and the queue depth', async () => {
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('idvkit_webhook_events_total{connection="complycube",outcome="stored"} 1001');
    expect(text).toContain('idvkit_webhook_events_total{connection="complycube",outcome="duplicate"} 1001');
    expect(text).toContain('idvkit_webhook_events_total{connection="verifa",outcome="unauthorized"} 3');
    expect(text).toContain('idvkit_http_requests_total{connection="complycube",status="202"} 1002');
    expect(text).toContain('idvkit_http_requests_total{connection="-",status="404"} 1');
    expect(text).toContain(
      'idvkit_queue_depth{task="idv_process_webhook_event",connection="complycube"} 1001',
    );
    expect(text).toContain('idvkit_queue_depth{task="idv_fetch_sessions",connection="yoti"} 1');
    expect(text).toContain('idvkit_webhook_events_total{connection="yoti",outcome="repeated"} 1');
    expect(text).toMatch(/# TYPE idvkit_checkpoint_age_seconds gauge/);
    // Incremented by the worker (sessions loaded, waits for the shared rate budget): exported, listed.
    metrics.sessionsSynced.inc({ connection: 'complycube' }, 3);
    metrics.rateLimitWaits.inc({ connection: 'complycube' });
    const after = await (await get('/metrics')).text();
    expect(after).toContain('idvkit_sessions_synced_total{connection="complycube"} 3');
    expect(after).toContain('idvkit_rate_limit_waits_total{connection="complycube"} 1');
    expect(text).not.toContain(CC_SECRET);
  });

  it('yoti: a verified event records its session among the discovered ids of its connection only', async () => {
    const d = yotiDelivery(YOTI_TOKEN, { session_id: 'ses-y-eu', topic: 'check_completion' });
    expect((await post(url('yoti-eu'), d)).status).toBe(202);
    expect((await post(url('yoti-eu'), d)).status).toBe(200);
    const { rows } = await sql<{ connection: string; source: string; topic: string }>`
      SELECT connection, source, topic FROM idv.discovered_sessions WHERE session_id = 'ses-y-eu'`.execute(
      handle.db,
    );
    expect(rows).toEqual([{ connection: 'yoti-eu', source: 'webhook', topic: 'check_completion' }]);
    // ComplyCube has a list: its events add nothing to the queue.
    const { rows: others } = await sql<{ provider: string }>`
      SELECT DISTINCT provider FROM idv.discovered_sessions`.execute(handle.db);
    expect(others).toEqual([{ provider: 'yoti' }]);
  });
});
