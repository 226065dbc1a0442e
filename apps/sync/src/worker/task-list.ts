import type { TaskList } from 'graphile-worker';
import { eventScopeKey } from './event-scope.js';
import { TASK } from './task-names.js';
import { fetchSessionsTask } from './tasks/fetch-sessions.js';
import { createProcessWebhookEventTask } from './tasks/process-webhook-event.js';
import { syncConnectionTask } from './tasks/sync-connection.js';
import type { WorkerContext } from './worker-context.js';

/** Every task of `idvkit worker`, by identifier. Adding a task is one line here and one file in tasks/. */
export function workerTasks(ctx: WorkerContext): TaskList {
  return {
    [TASK.syncConnection]: syncConnectionTask(ctx),
    [TASK.fetchSessions]: fetchSessionsTask(ctx),
    [TASK.processWebhookEvent]: createProcessWebhookEventTask({
      db: ctx.db,
      resolvers: ctx.resolvers,
      scopeKey: (connection, scope) => eventScopeKey(ctx.connection(connection).source.scopes(), scope),
      fetchAttempts: ctx.fetchAttempts,
    }),
  };
}
