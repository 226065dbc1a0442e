import { findSessionOfCheck, finishWebhookEvent, getWebhookEvent, type IdvDb } from '@idvkit/db';
import type { Task } from 'graphile-worker';
import { addJobInTransaction } from '../add-job-in-transaction.js';
import type { CheckSessionResolver } from './resolve-check-session.js';

/** The task that fetches and loads sessions (built by the worker). */
export const FETCH_SESSIONS_TASK = 'idv_fetch_sessions';

/** The job key that keeps one session of a connection queued at most once. */
export const fetchSessionJobKey = (connection: string, sessionId: string): string =>
  `idv_fetch_session:${connection}:${sessionId}`;

/**
 * `idv_process_webhook_event` ({eventId}): loads the stored event, finds the session it is about (ComplyCube's
 * events name a check: the session is looked up among stored checks, else asked of the provider through
 * `resolvers[connection]`), then in one transaction queues `idv_fetch_sessions` {connection, sessionIds} under
 * the session's job key (`preserve_run_at`: a fetch already waiting is not postponed) and marks the event
 * processed. An event whose session cannot be found is marked `ignored`. A provider error fails the job, and
 * graphile-worker retries it with backoff. Re-running a processed event does nothing.
 */
export function createProcessWebhookEventTask(deps: {
  db: IdvDb;
  /** Per connection name: how to find a check's session at the provider (ComplyCube connections). */
  resolvers?: Readonly<Record<string, CheckSessionResolver>>;
}): Task {
  return async (payload, helpers) => {
    const eventId = (payload as { eventId?: unknown } | null)?.eventId;
    if (typeof eventId !== 'number' || !Number.isSafeInteger(eventId)) {
      throw new TypeError(
        `idv_process_webhook_event: expected a payload {eventId: <integer>}, received ${JSON.stringify(payload)}`,
      );
    }
    const event = await getWebhookEvent(deps.db, eventId);
    if (!event) {
      helpers.logger.warn(`webhook event ${eventId} is not stored (any more): nothing to do`);
      return;
    }
    if (event.processedAt) return;
    let sessionId = event.sessionId ?? undefined;
    if (!sessionId && event.checkId) {
      sessionId =
        (await findSessionOfCheck(deps.db, event.provider, event.checkId)) ??
        (await deps.resolvers?.[event.connection]?.(event.checkId, helpers.abortSignal));
    }
    if (!sessionId) {
      await finishWebhookEvent(deps.db, eventId, { status: 'ignored' });
      return;
    }
    const found = sessionId;
    await deps.db.transaction().execute(async (trx) => {
      await addJobInTransaction(
        trx,
        FETCH_SESSIONS_TASK,
        { connection: event.connection, sessionIds: [found] },
        { jobKey: fetchSessionJobKey(event.connection, found), jobKeyMode: 'preserve_run_at' },
      );
      await finishWebhookEvent(trx, eventId, { status: 'processed', sessionId: found });
    });
  };
}
