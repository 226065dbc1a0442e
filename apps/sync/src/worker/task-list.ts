import type { TaskList } from 'graphile-worker';
import { discoverOnce } from './ensure-discovered.js';
import { eventScopeKey } from './event-scope.js';
import { TASK, taskFor } from './task-names.js';
import { fetchSessionsTask } from './tasks/fetch-sessions.js';
import { createProcessWebhookEventTask } from './tasks/process-webhook-event.js';
import { syncConnectionTask } from './tasks/sync-connection.js';
import type { WorkerContext } from './worker-context.js';

/**
 * Every task of `idvkit worker`, by identifier, for the connections this process runs: each task once per
 * connection (`<task>:<connection>`, see {@link taskFor}), so graphile-worker gives this process only their
 * jobs. Adding a task is one line here and one file in tasks/.
 */
export function workerTasks(ctx: WorkerContext, connections: readonly string[]): TaskList {
  const sync = syncConnectionTask(ctx);
  const fetch = fetchSessionsTask(ctx);
  const processEvent = createProcessWebhookEventTask({
    db: ctx.db,
    resolvers: ctx.resolvers,
    ensureDiscovered: discoverOnce(ctx),
    scopeKey: (connection, scope) => {
      const { source } = ctx.connection(connection);
      return eventScopeKey(source.scopes(), scope, source.refFor('', null).scope);
    },
    fetchAttempts: ctx.fetchAttempts,
  });
  const tasks: TaskList = {};
  for (const c of connections) {
    tasks[taskFor(TASK.syncConnection, c)] = sync;
    tasks[taskFor(TASK.fetchSessions, c)] = fetch;
    tasks[taskFor(TASK.processWebhookEvent, c)] = processEvent;
  }
  return tasks;
}
