import { initialSchema } from './001-initial-schema.js';
import { reportingViews } from './002-reporting-views.js';
import { notFoundSessions } from './003-not-found-sessions.js';
import { runStatuses } from './004-run-statuses.js';
import { connections } from './005-connections.js';
import { webhookEvents } from './006-webhook-events.js';
import { workerRuntime } from './007-worker-runtime.js';
import { flowsReasons } from './008-flows-reasons.js';
import { discoveredConnections } from './009-discovered-connections.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration, in version order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  reportingViews,
  notFoundSessions,
  runStatuses,
  connections,
  webhookEvents,
  workerRuntime,
  flowsReasons,
  discoveredConnections,
];

/** The version of the newest migration: the schema this idvkit expects. */
export const SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
