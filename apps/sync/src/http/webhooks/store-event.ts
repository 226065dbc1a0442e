import { createHash } from 'node:crypto';
import { enqueueDiscovered, type IdvDb, insertWebhookEvent } from '@idvkit/db';
import { addJobInTransaction } from '../../worker/add-job-in-transaction.js';
import { fetchSessionJobKey, TASK, taskFor } from '../../worker/task-names.js';
import type { FetchSessionsPayload } from '../../worker/tasks/fetch-sessions.js';
import type { ProcessWebhookEventPayload } from '../../worker/tasks/process-webhook-event.js';
import type { MinimalEvent, WebhookConnection } from './types.js';

/** The worker task that handles a stored event (apps/sync/src/worker/tasks/process-webhook-event.ts). */
export const PROCESS_WEBHOOK_EVENT_TASK = TASK.processWebhookEvent;

/**
 * What storing a verified event did. `repeated`: a body already stored, from a provider that sends no event id
 * (Yoti, Verifa without `idempotency_key`): stored once, but its session's fetch is queued again.
 */
export type StoreOutcome = 'stored' | 'duplicate' | 'repeated' | 'ignored';

/**
 * Stores a verified event and, in the same transaction, queues `idv_process_webhook_event:<connection>` for it (job key
 * `idv_process_webhook_event:<id>`), so an event is stored exactly when its job is. A duplicate of a provider
 * event id stores and queues nothing. An event naming no session or check is stored as `ignored`, for dedupe
 * only, with no job. An event that asks to `discover` its session (Yoti) records it in idv.discovered_sessions
 * for the connection, in the same transaction, whatever the outcome.
 *
 * Without an event id a repeat cannot be told from a replay: Yoti sends the same body
 * (`{session_id, topic}`) each time a session changes the same way. Such a body is stored once (the body hash
 * is its key), and every repeat that names a session queues that session's fetch directly, under its job key
 * (`preserve_run_at`): a genuine repeat is never lost, and a replay costs at most one fetch already queued.
 */
export async function storeEvent(
  db: IdvDb,
  connection: WebhookConnection,
  event: MinimalEvent,
  body: Uint8Array,
): Promise<StoreOutcome> {
  const actionable = event.sessionId !== null || event.checkId !== null;
  return db.transaction().execute(async (trx) => {
    if (event.discover && event.sessionId !== null) {
      const item = { sessionId: event.sessionId, source: 'webhook', topic: event.eventType };
      await enqueueDiscovered(trx, connection.provider, [item], new Date(), connection.name);
    }
    const id = await insertWebhookEvent(trx, {
      connection: connection.name,
      provider: connection.provider,
      providerEventId: event.providerEventId,
      bodySha256: createHash('sha256').update(body).digest('hex'),
      eventType: event.eventType,
      sessionId: event.sessionId,
      checkId: event.checkId,
      status: actionable ? 'queued' : 'ignored',
    });
    if (id === null) {
      if (event.providerEventId !== null || event.sessionId === null) return 'duplicate';
      const fetch: FetchSessionsPayload = { connection: connection.name, sessionIds: [event.sessionId] };
      await addJobInTransaction(trx, taskFor(TASK.fetchSessions, connection.name), fetch, {
        jobKey: fetchSessionJobKey(connection.name, event.sessionId),
        jobKeyMode: 'preserve_run_at',
      });
      return 'repeated';
    }
    if (!actionable) return 'ignored';
    const payload: ProcessWebhookEventPayload = {
      eventId: id,
      connection: connection.name,
      ...(event.scope ? { scope: event.scope } : {}),
    };
    await addJobInTransaction(trx, taskFor(PROCESS_WEBHOOK_EVENT_TASK, connection.name), payload, {
      jobKey: `${PROCESS_WEBHOOK_EVENT_TASK}:${id}`,
    });
    return 'stored';
  });
}
