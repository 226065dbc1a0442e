import { type ParsedCronItem, parseCronItems } from 'graphile-worker';
import { ConfigError } from '../config/config-error.js';
import type { WorkerConnection } from './connection.js';
import { syncJobKey, syncQueueName, TASK, taskFor } from './task-names.js';
import type { SyncConnectionPayload } from './tasks/sync-connection.js';

/**
 * graphile-worker cron items: one per connection with a `schedule` (5-field cron syntax, UTC), queuing
 * `idv_sync_connection:<connection>` (see taskFor) under the connection's job key and queue, so a tick while the last sync is still
 * queued or running adds nothing. Every worker process registers the same items; graphile-worker's
 * `known_crontabs` makes each tick fire once across all of them.
 */
export function buildCronItems(connections: readonly WorkerConnection[]): ParsedCronItem[] {
  const items = connections
    .filter((c) => c.schedule !== null)
    .map((c) => {
      const payload: SyncConnectionPayload = { connection: c.name };
      return {
        task: taskFor(TASK.syncConnection, c.name),
        match: c.schedule!,
        identifier: `${TASK.syncConnection}:${c.name}`,
        payload: { ...payload },
        options: {
          jobKey: syncJobKey(c.name),
          jobKeyMode: 'preserve_run_at' as const,
          queueName: syncQueueName(c.name),
          backfillPeriod: 0,
        },
      };
    });
  try {
    return parseCronItems(items);
  } catch (err) {
    throw new ConfigError(`schedule: expected cron syntax ("*/15 * * * *"), ${(err as Error).message}`);
  }
}
