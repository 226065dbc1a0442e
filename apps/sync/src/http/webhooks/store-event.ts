import { createHash } from 'node:crypto';
import { type IdvDb, insertWebhookEvent } from '@idvkit/db';
import { addJobInTransaction } from '../../worker/add-job-in-transaction.js';
import type { MinimalEvent, WebhookConnection } from './types.js';

/** The worker task that handles a stored event (apps/sync/src/worker/tasks/process-webhook-event.ts). */
export const PROCESS_WEBHOOK_EVENT_TASK = 'idv_process_webhook_event';

/** What storing a verified event did. */
export type StoreOutcome = 'stored' | 'duplicate' | 'ignored';

/**
 * Stores a verified event and, in the same transaction, queues `idv_process_webhook_event` for it (job key
 * `idv_process_webhook_event:<id>`), so an event is stored exactly when its job is. A duplicate (same provider
 * event id, or same body without one) stores and queues nothing. An event naming no session or check is stored
 * as `ignored`, for dedupe only, with no job.
 */
export async function storeEvent(
  db: IdvDb,
  connection: WebhookConnection,
  event: MinimalEvent,
  body: Uint8Array,
): Promise<StoreOutcome> {
  const actionable = event.sessionId !== null || event.checkId !== null;
  return db.transaction().execute(async (trx) => {
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
    if (id === null) return 'duplicate';
    if (!actionable) return 'ignored';
    await addJobInTransaction(
      trx,
      PROCESS_WEBHOOK_EVENT_TASK,
      { eventId: id },
      {
        jobKey: `${PROCESS_WEBHOOK_EVENT_TASK}:${id}`,
      },
    );
    return 'stored';
  });
}
