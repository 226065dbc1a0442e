import { describeEachDatabase } from '@idvkit/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type NotificationReceiver, startNotificationReceiver } from '../src/notifications/receiver.js';
import { silentLogger } from '../src/output/logger.js';

const TOKEN = 'hook-token-0123456789';

/**
 * Issue 15: the receiver accepted any string as `session_id` (a NUL byte was silently stripped on the way into
 * idv.discovered_sessions), and the next sync put it into `GET /sessions/{id}`.
 */
describeEachDatabase('the Yoti receiver refuses session ids that are not safe ids', (getDb) => {
  let receiver: NotificationReceiver;
  beforeAll(async () => {
    receiver = await startNotificationReceiver({ db: getDb().db, authToken: TOKEN, log: silentLogger });
  });
  afterAll(async () => {
    await receiver?.close();
  });

  const post = (body: string) =>
    fetch(`${receiver.url}/yoti`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body,
    });
  const queued = async () =>
    (await sql<{ session_id: string }>`SELECT session_id FROM idv.discovered_sessions`.execute(getDb().db))
      .rows;

  it.each([
    ['empty', ''],
    ['5,000 characters', 's'.repeat(5000)],
    ['CRLF', 'abc\r\nX-Injected: 1'],
    ['a dot-dot segment', '..'],
    ['a dot segment', '.'],
    ['a NUL byte', 'a\u0000b'],
    ['a slash', '../../v1/other'],
  ])('%s: 400 with one line saying what was expected, nothing stored', async (_name, sessionId) => {
    const res = await post(JSON.stringify({ session_id: sessionId, topic: 'session_completion' }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; detail: string };
    expect(body.error).toBe('invalid_notification');
    expect(body.detail).toMatch(/^yoti notification: expected `session_id` to be an id of 1 to 200 letters/);
    expect(body.detail).not.toMatch(/\p{Cc}/u);
    expect(body.detail.length).toBeLessThan(400);
    expect(await queued()).toEqual([]);
    expect(receiver.accepted()).toBe(0);
  });

  it('still accepts a Yoti session id (a UUID)', async () => {
    const id = '1c3cae90-1769-43a9-8554-d85f2e7cdb0f';
    expect((await post(JSON.stringify({ session_id: id, topic: 'session_completion' }))).status).toBe(204);
    expect(await queued()).toEqual([{ session_id: id }]);
  });
});
