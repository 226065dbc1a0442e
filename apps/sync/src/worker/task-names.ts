/**
 * Task identifiers and job keys of the worker. Other code queues these by name (from SQL too): never rename.
 */
export const TASK = {
  syncConnection: 'idv_sync_connection',
  fetchSessions: 'idv_fetch_sessions',
  processWebhookEvent: 'idv_process_webhook_event',
} as const;

/** At most one sync of a connection queued or running: one job key and one serial queue per connection. */
export const syncJobKey = (connection: string) => `${TASK.syncConnection}:${connection}`;
export const syncQueueName = (connection: string) => `${TASK.syncConnection}:${connection}`;

/** A single session's fetch is queued at most once (with `jobKeyMode: 'preserve_run_at'`). */
export const fetchSessionJobKey = (connection: string, sessionId: string) =>
  `idv_fetch_session:${connection}:${sessionId}`;
