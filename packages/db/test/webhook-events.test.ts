import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DbHandle,
  findSessionOfCheck,
  finishWebhookEvent,
  getWebhookEvent,
  insertWebhookEvent,
  type WebhookEventInput,
} from '../src/index.js';
import { testDatabases } from '../src/testing/index.js';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const event = (over: Partial<WebhookEventInput>): WebhookEventInput => ({
  connection: 'cc',
  provider: 'complycube',
  providerEventId: null,
  bodySha256: HASH_A,
  eventType: 't',
  sessionId: 's1',
  checkId: null,
  ...over,
});

for (const database of testDatabases()) {
  describe(`idv.webhook_events [${database.name}]`, () => {
    let handle: DbHandle;
    beforeAll(async () => {
      handle = await database.open();
    });
    afterAll(() => handle?.close());

    it('dedupes per connection on the provider event id, else on the body hash', async () => {
      const { db } = handle;
      const cases: Array<[string, Partial<WebhookEventInput>, boolean]> = [
        ['event id, first', { providerEventId: 'e1', bodySha256: HASH_A }, true],
        ['same event id, other body (a redelivery)', { providerEventId: 'e1', bodySha256: HASH_B }, false],
        ['same event id, other connection', { connection: 'cc2', providerEventId: 'e1' }, true],
        ['no event id, body A', { bodySha256: HASH_A }, true],
        ['no event id, body A again (a replay)', { bodySha256: HASH_A }, false],
        ['no event id, body B', { bodySha256: HASH_B }, true],
      ];
      for (const [name, over, stored] of cases) {
        const id = await insertWebhookEvent(db, event(over));
        expect(id === null ? `${name}: duplicate` : `${name}: stored`).toBe(
          `${name}: ${stored ? 'stored' : 'duplicate'}`,
        );
      }
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM idv.webhook_events`.execute(
        db,
      );
      expect(rows[0]?.n).toBe(4);
    });

    it('keeps the body hash only when there is no event id', async () => {
      const id = await insertWebhookEvent(
        handle.db,
        event({ providerEventId: 'e-hash', bodySha256: HASH_B }),
      );
      const { rows } = await sql<{ body_sha256: string | null }>`
        SELECT body_sha256 FROM idv.webhook_events WHERE id = ${id}`.execute(handle.db);
      expect(rows[0]?.body_sha256).toBeNull();
    });

    it('stores an ignored event as processed; finishWebhookEvent records the outcome and session', async () => {
      const ignored = await insertWebhookEvent(
        handle.db,
        event({ providerEventId: 'e-ign', status: 'ignored' }),
      );
      expect(await getWebhookEvent(handle.db, ignored!)).toMatchObject({
        status: 'ignored',
        processedAt: expect.any(Date),
      });
      const queued = await insertWebhookEvent(
        handle.db,
        event({ providerEventId: 'e-chk', sessionId: null, checkId: 'c9' }),
      );
      expect(await getWebhookEvent(handle.db, queued!)).toMatchObject({
        status: 'queued',
        processedAt: null,
        checkId: 'c9',
      });
      await finishWebhookEvent(handle.db, queued!, { status: 'processed', sessionId: 's9' });
      expect(await getWebhookEvent(handle.db, queued!)).toMatchObject({
        status: 'processed',
        sessionId: 's9',
        processedAt: expect.any(Date),
      });
      expect(await getWebhookEvent(handle.db, 999_999)).toBeUndefined();
    });

    it('findSessionOfCheck finds the stored session holding a check', async () => {
      await sql`INSERT INTO idv.sessions (provider, connection, session_id, status, is_terminal, outcome,
        first_synced_at, last_synced_at) VALUES ('complycube', 'complycube', 'ses-1', 'completed', true, 'approved', now(), now())`.execute(
        handle.db,
      );
      await sql`INSERT INTO idv.session_checks (provider, connection, session_id, check_id, check_type, status, result)
        VALUES ('complycube', 'complycube', 'ses-1', 'chk-1', 'document_check', 'done', 'pass')`.execute(
        handle.db,
      );
      expect(await findSessionOfCheck(handle.db, 'complycube', 'chk-1')).toBe('ses-1');
      expect(await findSessionOfCheck(handle.db, 'complycube', 'chk-2')).toBeUndefined();
      expect(await findSessionOfCheck(handle.db, 'verifa', 'chk-1')).toBeUndefined();
    });
  });
}
