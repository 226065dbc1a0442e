import { sql } from 'kysely';
import type { IdvDb } from '../database.js';

/** What idvkit keeps of a verified webhook delivery: ids and the event type, never the payload. */
export interface WebhookEventInput {
  connection: string;
  provider: string;
  /** The provider's event id (stable across redeliveries); null when the provider sends none. */
  providerEventId: string | null;
  /** Hex SHA-256 of the raw body: the dedupe key when there is no event id (stored only then). */
  bodySha256: string;
  eventType: string | null;
  sessionId: string | null;
  checkId: string | null;
  /** `ignored`: nothing in the event names a session or check to refetch (stored for dedupe only). */
  status?: 'queued' | 'ignored';
}

/** A stored webhook event. */
export interface WebhookEventRow {
  id: number;
  connection: string;
  provider: string;
  providerEventId: string | null;
  eventType: string | null;
  sessionId: string | null;
  checkId: string | null;
  receivedAt: Date;
  processedAt: Date | null;
  status: 'queued' | 'processed' | 'ignored' | 'failed';
}

/**
 * Stores a verified event unless the connection already holds it (same provider event id, or the same body when
 * there is none). Resolves to the new row's id, or null for a duplicate. Run it in the transaction that queues
 * the event's job, so an event is stored exactly when its job is.
 */
export async function insertWebhookEvent(db: IdvDb, event: WebhookEventInput): Promise<number | null> {
  const ignored = event.status === 'ignored';
  const { rows } = await sql<{ id: number }>`
    INSERT INTO idv.webhook_events
      (connection, provider, provider_event_id, body_sha256, event_type, session_id, check_id, status, processed_at)
    VALUES (${event.connection}, ${event.provider}, ${event.providerEventId},
      ${event.providerEventId === null ? event.bodySha256 : null}, ${event.eventType}, ${event.sessionId},
      ${event.checkId}, ${ignored ? 'ignored' : 'queued'}, ${ignored ? sql`now()` : null})
    ON CONFLICT (connection, (coalesce(provider_event_id, 'sha256:' || body_sha256))) DO NOTHING
    RETURNING id`.execute(db);
  return rows[0]?.id ?? null;
}

/** The stored event `id`, or undefined when there is none. */
export async function getWebhookEvent(db: IdvDb, id: number): Promise<WebhookEventRow | undefined> {
  const row = await db.selectFrom('idv.webhook_events').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    connection: row.connection,
    provider: row.provider,
    providerEventId: row.provider_event_id,
    eventType: row.event_type,
    sessionId: row.session_id,
    checkId: row.check_id,
    receivedAt: row.received_at,
    processedAt: row.processed_at,
    status: row.status,
  };
}

/** Records how the worker handled event `id` (and the session a check event resolved to). */
export async function finishWebhookEvent(
  db: IdvDb,
  id: number,
  outcome: { status: 'processed' | 'ignored' | 'failed'; sessionId?: string | null },
): Promise<void> {
  await db
    .updateTable('idv.webhook_events')
    .set({
      status: outcome.status,
      processed_at: new Date(),
      ...(outcome.sessionId ? { session_id: outcome.sessionId } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** The stored session a provider's check belongs to, or undefined when no stored session holds that check. */
export async function findSessionOfCheck(
  db: IdvDb,
  provider: string,
  checkId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('idv.session_checks')
    .select('session_id')
    .where('provider', '=', provider)
    .where('check_id', '=', checkId)
    .executeTakeFirst();
  return row?.session_id;
}
