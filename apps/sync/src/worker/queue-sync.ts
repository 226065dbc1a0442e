import type { AddJobFunction } from 'graphile-worker';
import { syncJobKey, syncQueueName, TASK, taskFor } from './task-names.js';
import type { SyncConnectionPayload } from './tasks/sync-connection.js';

/**
 * Queues a sync of `connection` now, as the crontab does: under its job key (a sync already queued is not
 * queued again) and its serial queue (a running one is never joined by a second).
 */
export async function queueSync(addJob: AddJobFunction, connection: string): Promise<void> {
  const payload: SyncConnectionPayload = { connection };
  await addJob(taskFor(TASK.syncConnection, connection), payload, {
    jobKey: syncJobKey(connection),
    jobKeyMode: 'preserve_run_at',
    queueName: syncQueueName(connection),
  });
}
