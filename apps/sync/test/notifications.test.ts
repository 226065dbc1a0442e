import { testDatabases } from '@idvkit/db/testing';
import { authorizationMatches } from '@idvkit/yoti';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NotificationReceiver, startNotificationReceiver } from '../src/notifications/receiver.js';
import { silentLogger } from '../src/output/logger.js';
import { configFor, syncOnce, testSandbox } from './support/harness.js';

const TOKEN = 'hook-token-0123456789';

describe('authorizationMatches', () => {
  it.each([
    [`Bearer ${TOKEN}`, true],
    [`Basic ${Buffer.from(TOKEN).toString('base64')}`, true],
    [`bearer ${TOKEN}`, true],
    ['Bearer wrong', false],
    [TOKEN, false],
    [undefined, false],
  ])('%s → %s', (header, want) => expect(authorizationMatches(header, TOKEN)).toBe(want));
});

describe('idvkit notifications: the Yoti receiver', () => {
  const target = testDatabases()[0]!;
  let handle: Awaited<ReturnType<typeof target.open>>;
  let receiver: NotificationReceiver;
  beforeAll(async () => {
    handle = await target.open();
    receiver = await startNotificationReceiver({ db: handle.db, authToken: TOKEN, log: silentLogger });
  });
  afterAll(async () => {
    await receiver?.close();
    await handle?.close();
  });

  const post = (body: string, auth?: string) =>
    fetch(`${receiver.url}/yoti`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body,
    });
  const queued = async () =>
    (
      await sql<{
        session_id: string;
        topic: string;
      }>`SELECT session_id, topic FROM idv.discovered_sessions ORDER BY session_id`.execute(handle.db)
    ).rows;

  it('rejects a missing or wrong token with 401 and stores nothing', async () => {
    expect((await post('{"session_id":"s1","topic":"session_completion"}')).status).toBe(401);
    expect((await post('{"session_id":"s1","topic":"session_completion"}', 'Bearer nope')).status).toBe(401);
    expect(await queued()).toEqual([]);
  });

  it('rejects a body that is not a notification with 400', async () => {
    expect((await post('not json', `Bearer ${TOKEN}`)).status).toBe(400);
    expect((await post('{"topic":"x"}', `Bearer ${TOKEN}`)).status).toBe(400);
    expect(await queued()).toEqual([]);
  });

  it('enqueues the session id of an authenticated notification (Bearer and Basic)', async () => {
    expect((await post('{"session_id":"s1","topic":"resource_update"}', `Bearer ${TOKEN}`)).status).toBe(204);
    const basic = `Basic ${Buffer.from(TOKEN).toString('base64')}`;
    expect((await post('{"session_id":"s2","topic":"session_completion"}', basic)).status).toBe(204);
    expect((await post('{"session_id":"s1","topic":"session_completion"}', basic)).status).toBe(204);
    expect(await queued()).toEqual([
      { session_id: 's1', topic: 'session_completion' },
      { session_id: 's2', topic: 'session_completion' },
    ]);
    expect(receiver.accepted()).toBe(3);
  });

  it('records the ids for the connection it receives for (default: the shorthand name, yoti)', async () => {
    const eu = await startNotificationReceiver({
      db: handle.db,
      authToken: TOKEN,
      connection: 'yoti-eu',
      log: silentLogger,
    });
    try {
      const res = await fetch(`${eu.url}/yoti`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
        body: '{"session_id":"s1","topic":"check_completion"}',
      });
      expect(res.status).toBe(204);
    } finally {
      await eu.close();
    }
    const { rows } = await sql<{ connection: string; session_id: string; topic: string }>`
      SELECT connection, session_id, topic FROM idv.discovered_sessions ORDER BY connection, session_id`.execute(
      handle.db,
    );
    expect(rows).toEqual([
      { connection: 'yoti', session_id: 's1', topic: 'session_completion' },
      { connection: 'yoti', session_id: 's2', topic: 'session_completion' },
      { connection: 'yoti-eu', session_id: 's1', topic: 'check_completion' },
    ]);
  });
});

describe('Yoti discovery end to end: sandbox notifications → receiver → sync', () => {
  it('syncs exactly the sessions the sandbox notified', async () => {
    const target = testDatabases()[0]!;
    const handle = await target.open();
    const receiver = await startNotificationReceiver({ db: handle.db, authToken: TOKEN, log: silentLogger });
    const sandbox = await testSandbox({
      yotiNotifications: { url: `${receiver.url}/yoti`, authToken: TOKEN, scheme: 'Bearer' },
    });
    try {
      const ids = sandbox.yotiSessionIds().slice(0, 5);
      expect(await sandbox.notifyYoti({ sessionIds: ids })).toBe(5);
      const { result } = await syncOnce(handle, configFor(sandbox), { provider: ['yoti'] });
      expect(result.providers.yoti).toMatchObject({ status: 'succeeded', fetched: 5 });
      const rows = await sql<{
        session_id: string;
      }>`SELECT session_id FROM idv.sessions WHERE provider = 'yoti' ORDER BY 1`.execute(handle.db);
      expect(rows.rows.map((r) => r.session_id)).toEqual([...ids].sort());
    } finally {
      await sandbox.stop();
      await receiver.close();
      await handle.close();
    }
  });
});
