import type { TaskList } from 'graphile-worker';
import { TASK } from './task-names.js';
import { fetchSessionsTask } from './tasks/fetch-sessions.js';
import { syncConnectionTask } from './tasks/sync-connection.js';
import type { WorkerContext } from './worker-context.js';

/** Every task of `idvkit worker`, by identifier. Adding a task is one line here and one file in tasks/. */
export function workerTasks(ctx: WorkerContext): TaskList {
  return {
    [TASK.syncConnection]: syncConnectionTask(ctx),
    [TASK.fetchSessions]: fetchSessionsTask(ctx),
    // TODO(webhooks-in): apps/sync/src/worker/tasks/process-webhook-event.ts (the `webhooks-in` branch)
    // [TASK.processWebhookEvent]: processWebhookEventTask(ctx),
  };
}
