import { findSessionOfCheck, finishWebhookEvent, getWebhookEvent, type IdvDb } from '@idvkit/db';
import type { Task } from 'graphile-worker';
import type { EventScope } from '../../http/webhooks/types.js';
import { addJobInTransaction } from '../add-job-in-transaction.js';
import type { EnsureDiscovered } from '../ensure-discovered.js';
import { fetchSessionJobKey, TASK, taskFor } from '../task-names.js';
import type { FetchSessionsPayload } from './fetch-sessions.js';
import type { CheckSessionResolver } from './resolve-check-session.js';

/**
 * Payload of `idv_process_webhook_event`: the stored event, the connection that received it (for the queue
 * metrics) and, when the provider's fetch needs one, the environment and flow the event named (IDnow).
 */
export interface ProcessWebhookEventPayload {
  eventId: number;
  connection?: string;
  scope?: EventScope;
}

/**
 * `idv_process_webhook_event` ({eventId}): loads the stored event, finds the session it is about (ComplyCube's
 * events name a check: the session is looked up among stored checks, else asked of the provider through
 * `resolvers[connection]`), then in one transaction queues `idv_fetch_sessions` {connection, sessionIds, scope?}
 * under the session's job key (`preserve_run_at`: a fetch already waiting is not postponed) and marks the event
 * processed. An event whose session cannot be found, or whose environment the connection does not sync, is
 * marked `ignored` (an IDnow `flows: "all"` connection reads its flow catalogue first, once per process, to know
 * its scopes). A provider error fails the job, and graphile-worker retries it with backoff. Re-running a
 * processed event does nothing.
 */
export function createProcessWebhookEventTask(deps: {
  db: IdvDb;
  /** Per connection name: how to find a check's session at the provider (ComplyCube connections). */
  resolvers?: Readonly<Record<string, CheckSessionResolver>>;
  /**
   * Run before `scopeKey` for an event that names a scope: reads the connection's flow catalogue when its scopes
   * come from it and this process has not read it yet (see `discoverOnce`). Its failure fails the job (retried).
   */
  ensureDiscovered?: EnsureDiscovered;
  /** The scope key of the event's environment and flow in its connection (see `eventScopeKey`); null: not synced. */
  scopeKey?: (connection: string, scope: EventScope | undefined) => string | null | undefined;
  /** `max_attempts` of the fetch job queued (graphile-worker's default when absent). */
  fetchAttempts?: number;
}): Task {
  return async (payload, helpers) => {
    const p = (
      typeof payload === 'object' && payload !== null ? payload : {}
    ) as Partial<ProcessWebhookEventPayload>;
    const eventId = p.eventId;
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
    if (p.scope) await deps.ensureDiscovered?.(event.connection, helpers.abortSignal);
    const scope = deps.scopeKey?.(event.connection, p.scope);
    if (scope === null) {
      helpers.logger.warn(
        `webhook event ${eventId}: its environment is not one connection ${event.connection} syncs`,
      );
      await finishWebhookEvent(deps.db, eventId, { status: 'ignored' });
      return;
    }
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
    const fetch: FetchSessionsPayload = {
      connection: event.connection,
      sessionIds: [found],
      ...(scope ? { scope } : {}),
    };
    await deps.db.transaction().execute(async (trx) => {
      await addJobInTransaction(trx, taskFor(TASK.fetchSessions, event.connection), fetch, {
        jobKey: fetchSessionJobKey(event.connection, found),
        jobKeyMode: 'preserve_run_at',
        ...(deps.fetchAttempts ? { maxAttempts: deps.fetchAttempts } : {}),
      });
      await finishWebhookEvent(trx, eventId, { status: 'processed', sessionId: found });
    });
  };
}
