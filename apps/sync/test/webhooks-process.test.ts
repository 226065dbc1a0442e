import type { DbHandle } from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import type { Sandbox } from '@idvkit/sandbox';
import { runOnce } from 'graphile-worker';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdvkitConfig } from '../src/config/load-config.js';
import { createMetrics } from '../src/http/metrics.js';
import { type ServiceHttp, startServiceHttp } from '../src/http/service.js';
import { silentLogger } from '../src/output/logger.js';
import { graphileLogger } from '../src/worker/graphile-logger.js';
import { migrateQueue } from '../src/worker/queue-schema.js';
import { checkResolversFor } from '../src/worker/tasks/check-resolvers.js';
import { createProcessWebhookEventTask } from '../src/worker/tasks/process-webhook-event.js';
import { cloneUrl } from './support/clone-url.js';
import { configFor, syncOnce, testSandbox } from './support/harness.js';
import { complyCubeDelivery, post } from './support/webhook-senders.js';

const SECRET = 'cc-webhook-secret-process-0123';
const target = testDatabases().find((d) => d.name === 'postgres');

describe.skipIf(!target)('idv_process_webhook_event, run by graphile-worker against the sandbox', () => {
  let sandbox: Sandbox;
  let config: IdvkitConfig;
  let handle: DbHandle;
  let service: ServiceHttp;
  let databaseUrl: string;
  const metrics = createMetrics();

  beforeAll(async () => {
    sandbox = await testSandbox({ sessions: 12 });
    config = configFor(sandbox, (json) => {
      (json.providers.complycube as Record<string, unknown>).webhooks = { secret: SECRET };
    });
    handle = await target!.open();
    databaseUrl = cloneUrl(handle);
    await migrateQueue(databaseUrl, silentLogger);
    const connections = [{ name: 'complycube', provider: 'complycube', webhooks: { secret: SECRET } }];
    service = await startServiceHttp({
      db: handle.db,
      connections,
      log: silentLogger,
      metrics,
    });
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    await handle?.close();
    await sandbox?.stop();
  });

  /** The sandbox's ComplyCube sessions with their check ids, in a stable order. */
  const ccSessions = () =>
    sandbox
      .truth()
      .complycube.sessions.map((s) => ({ sessionId: s.sessionId, checkIds: Object.keys(s.checks) }))
      .filter((s) => s.checkIds.length > 0);
  const sendCheckEvent = async (eventId: string, checkId: string) => {
    const d = complyCubeDelivery(SECRET, {
      id: eventId,
      type: 'check.completed',
      resourceType: 'check',
      payload: { id: checkId },
    });
    expect((await post(`${service.url}/webhooks/complycube`, d)).status).toBe(202);
  };
  /** Runs every runnable idv_process_webhook_event job in-process, then returns. */
  const runTasks = () =>
    runOnce({
      connectionString: databaseUrl,
      logger: graphileLogger(silentLogger),
      noHandleSignals: true,
      taskList: {
        'idv_process_webhook_event:complycube': createProcessWebhookEventTask({
          db: handle.db,
          resolvers: checkResolversFor(config),
        }),
      },
    });
  const event = async (providerEventId: string) =>
    (
      await sql<{ status: string; session_id: string | null; processed: boolean }>`
        SELECT status, session_id, processed_at IS NOT NULL AS processed
        FROM idv.webhook_events WHERE provider_event_id = ${providerEventId}`.execute(handle.db)
    ).rows[0];
  const fetchJobs = async () =>
    (
      await sql<{ key: string; payload: unknown; run_at: Date }>`
        SELECT j.key, p.payload, j.run_at FROM graphile_worker.jobs j
        JOIN graphile_worker._private_jobs p ON p.id = j.id
        WHERE j.task_identifier = 'idv_fetch_sessions:complycube' ORDER BY j.key`.execute(handle.db)
    ).rows;
  const ccOps = () => sandbox.stats().providers.complycube.byOperation;

  it('a check no stored session holds: asks ComplyCube (GET check, then the client’s sessions) and queues that session', async () => {
    const [first] = ccSessions();
    sandbox.resetStats();
    await sendCheckEvent('evt-remote-1', first!.checkIds[0]!);
    await runTasks();
    expect(await event('evt-remote-1')).toEqual({
      status: 'processed',
      session_id: first!.sessionId,
      processed: true,
    });
    expect(await fetchJobs()).toEqual([
      {
        key: `idv_fetch_session:complycube:${first!.sessionId}`,
        payload: { connection: 'complycube', sessionIds: [first!.sessionId] },
        run_at: expect.any(Date),
      },
    ]);
    expect(ccOps().getCheck).toBe(1);
    expect(ccOps().listWorkflowSessions).toBeGreaterThanOrEqual(1);
    expect(ccOps().getWorkflowSession ?? 0).toBe(0);
  }, 30_000);

  it('a second event about the same session keeps one fetch job (job key) and its run time', async () => {
    const [first] = ccSessions();
    const before = await fetchJobs();
    await sendCheckEvent('evt-remote-2', first!.checkIds.at(-1)!);
    await runTasks();
    expect((await event('evt-remote-2'))?.status).toBe('processed');
    const after = await fetchJobs();
    expect(after).toHaveLength(1);
    expect(after[0]?.run_at).toEqual(before[0]?.run_at);
  }, 30_000);

  it('a check of a stored session is resolved from idv.session_checks, without asking ComplyCube', async () => {
    const { result } = await syncOnce(handle, config, { provider: ['complycube'] });
    expect(result.status).toBe('succeeded');
    const second = ccSessions()[1]!;
    sandbox.resetStats();
    await sendCheckEvent('evt-stored-1', second.checkIds[0]!);
    await runTasks();
    expect(await event('evt-stored-1')).toEqual({
      status: 'processed',
      session_id: second.sessionId,
      processed: true,
    });
    expect((await fetchJobs()).map((j) => j.key)).toContain(
      `idv_fetch_session:complycube:${second.sessionId}`,
    );
    expect(sandbox.stats().providers.complycube.requests).toBe(0);
  }, 60_000);

  it('a check ComplyCube does not know: the event is marked ignored and no fetch is queued', async () => {
    const before = (await fetchJobs()).length;
    await sendCheckEvent('evt-unknown-1', 'ffffffffffffffffffffffff');
    await runTasks();
    expect(await event('evt-unknown-1')).toEqual({ status: 'ignored', session_id: null, processed: true });
    expect((await fetchJobs()).length).toBe(before);
    const left = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'idv_process_webhook_event:complycube'`.execute(
      handle.db,
    );
    expect(left.rows[0]?.n).toBe(0);
  }, 30_000);

  it('a provider error fails the job; graphile-worker retries it later, and /metrics counts the failure', async () => {
    await sql`DELETE FROM idv.sessions WHERE provider = 'complycube'`.execute(handle.db);
    const third = ccSessions()[2]!;
    sandbox.setFaults('complycube', { errorRate: 1, errorStatus: 400 });
    await sendCheckEvent('evt-fail-1', third.checkIds[0]!);
    await runTasks();
    expect((await event('evt-fail-1'))?.status).toBe('queued');
    const failed = await sql<{ attempts: number; last_error: string | null }>`
      SELECT attempts, last_error FROM graphile_worker.jobs
      WHERE task_identifier = 'idv_process_webhook_event:complycube'`.execute(handle.db);
    expect(failed.rows).toEqual([{ attempts: 1, last_error: expect.stringContaining('400') }]);
    const text = await (await fetch(`${service.url}/metrics`)).text();
    expect(text).toContain(
      'idvkit_job_failures{task="idv_process_webhook_event",connection="complycube",state="retrying"} 1',
    );
    expect(text).toMatch(/idvkit_checkpoint_age_seconds\{connection="complycube",scope="default"\} \d/);

    sandbox.setFaults('complycube', null);
    await sql`UPDATE graphile_worker._private_jobs SET run_at = now()`.execute(handle.db); // skip the backoff
    await runTasks();
    expect(await event('evt-fail-1')).toEqual({
      status: 'processed',
      session_id: third.sessionId,
      processed: true,
    });
    expect((await fetchJobs()).map((j) => j.key)).toContain(
      `idv_fetch_session:complycube:${third.sessionId}`,
    );
  }, 60_000);
});
