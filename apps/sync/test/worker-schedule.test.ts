import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases } from '@idvkit/db/testing';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxConfig } from '../src/demo/sandbox-config.js';
import { workerConnections } from '../src/worker/connection.js';
import { buildCronItems } from '../src/worker/crontab.js';
import { cloneUrl } from './support/clone-url.js';
import { configFor, testSandbox } from './support/harness.js';
import { jobsLeft, startWorker, waitFor } from './support/worker-child.js';

describe('the crontab comes from the connections’ `schedule`', () => {
  it('one item per scheduled connection, under its job key and queue; none for the others', async () => {
    const sandbox = await testSandbox({ sessions: 1 });
    try {
      const config = configFor(sandbox, (json) => {
        (json.providers.complycube as Record<string, unknown>).schedule = '*/15 * * * *';
        (json.connections as Record<string, Record<string, unknown>>)['idnow-live']!.schedule = '0 3 * * 1-5';
      });
      const items = buildCronItems(workerConnections(config));
      expect(
        items.map((i) => ({
          identifier: i.identifier,
          task: i.task,
          payload: i.payload,
          jobKey: i.options.jobKey,
          queueName: i.options.queueName,
        })),
      ).toEqual([
        {
          identifier: 'idv_sync_connection:complycube',
          task: 'idv_sync_connection:complycube',
          payload: { connection: 'complycube' },
          jobKey: 'idv_sync_connection:complycube',
          queueName: 'idv_sync_connection:complycube',
        },
        {
          identifier: 'idv_sync_connection:idnow-live',
          task: 'idv_sync_connection:idnow-live',
          payload: { connection: 'idnow-live' },
          jobKey: 'idv_sync_connection:idnow-live',
          queueName: 'idv_sync_connection:idnow-live',
        },
      ]);
      // Every 15 minutes: minute 0, 15, 30, 45 of every hour.
      const cc = items.find((i) => i.identifier.endsWith(':complycube'))!;
      expect(cc.match({ min: 30, hour: 1, date: 1, month: 1, dow: 2 })).toBe(true);
      expect(cc.match({ min: 31, hour: 1, date: 1, month: 1, dow: 2 })).toBe(false);
    } finally {
      await sandbox.stop();
    }
  });
});

const postgres = testDatabases().find((d) => d.name === 'postgres');
const tmp = mkdtempSync(join(tmpdir(), 'idvkit-worker-schedule-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!postgres)('idvkit worker runs a scheduled connection on its cron line (postgres)', () => {
  it('registers the crontab and syncs the scheduled connection at the next minute, and only that one', async () => {
    const sandbox = await testSandbox({ sessions: 6 });
    const handle = await postgres!.open();
    const { json } = sandboxConfig(sandbox, { idnow: 'provider' });
    (json.providers.complycube as Record<string, unknown>).schedule = '* * * * *';
    const config = join(tmp, 'config.json');
    writeFileSync(config, JSON.stringify(json));
    const worker = startWorker(['--config', config, '--database', cloneUrl(handle), 'worker']);
    try {
      await worker.ready;
      const crontabs = async () =>
        (
          await sql<{ identifier: string }>`
            SELECT identifier FROM graphile_worker._private_known_crontabs ORDER BY identifier`.execute(
            handle.db,
          )
        ).rows.map((r) => r.identifier);
      await waitFor('the crontab to be registered', async () => (await crontabs()).length > 0, 30_000);
      expect(await crontabs()).toEqual(['idv_sync_connection:complycube']);
      const runs = () =>
        sql<{ connections: string[]; status: string }>`
          SELECT connections, status FROM idv.sync_runs WHERE finished_at IS NOT NULL`.execute(handle.db);
      // graphile-worker's cron fires at the start of each minute: at most ~60 s away.
      await waitFor('the scheduled sync', async () => (await runs()).rows.length > 0, 90_000);
      expect((await runs()).rows).toEqual([{ connections: ['complycube'], status: 'succeeded' }]);
      await waitFor('its fetches', async () => (await jobsLeft(handle)) === 0);
      const stored = await sql<{ provider: string }>`SELECT DISTINCT provider FROM idv.sessions`.execute(
        handle.db,
      );
      expect(stored.rows.map((r) => r.provider)).toEqual(['complycube']);
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toEqual({ code: 0, signal: null });
    } finally {
      worker.child.kill('SIGKILL');
      await sandbox.stop();
      await handle.close();
    }
  }, 120_000);
});
