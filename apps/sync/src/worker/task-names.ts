/**
 * Tasks of the worker. Other code queues these by name (from SQL too): never rename once released.
 */
export const TASK = {
  syncConnection: 'idv_sync_connection',
  fetchSessions: 'idv_fetch_sessions',
  processWebhookEvent: 'idv_process_webhook_event',
} as const;

export type TaskName = (typeof TASK)[keyof typeof TASK];

/**
 * The graphile-worker task identifier a job of `task` for `connection` is queued under:
 * `<task>:<connection>`, e.g. `idv_fetch_sessions:complycube`. graphile-worker only hands a process jobs whose
 * identifier is in its task list, and a process lists only the connections it runs (`--connection`), so a
 * worker never takes another connection's jobs. (Named queues cannot route: 0.17 has no per-worker queue filter.)
 */
export const taskFor = (task: TaskName, connection: string) => `${task}:${connection}`;

/** At most one sync of a connection queued or running: one job key and one serial queue per connection. */
export const syncJobKey = (connection: string) => `${TASK.syncConnection}:${connection}`;
export const syncQueueName = (connection: string) => `${TASK.syncConnection}:${connection}`;

/** A single session's fetch is queued at most once (with `jobKeyMode: 'preserve_run_at'`). */
export const fetchSessionJobKey = (connection: string, sessionId: string) =>
  `idv_fetch_session:${connection}:${sessionId}`;
