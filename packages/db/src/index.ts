/**
 * @idvkit/db — the only owner of idvkit's Postgres schema (`idv`): migrations, Kysely table types, loaders
 * and queries the sync engine uses, and the reporting views. Runs on Postgres ≥ 15 or embedded PGlite.
 * @see ../../../docs/schema.md
 * @see ../../../docs/reporting.md
 */
export { LOCK_BUSY, withAdvisoryLock, withAdvisoryLocks } from './advisory-lock.js';
export type {
  CheckResultsView,
  Count,
  DailyOutcomesView,
  Database,
  DecisionLatencyView,
  DiscoveredSessionsTable,
  FlowsTable,
  FunnelView,
  IdvDb,
  Jsonb,
  NotFoundSessionsTable,
  NullableTimestamp,
  OpenSessionsView,
  RejectionReasonsView,
  SchemaMigrationsTable,
  SessionChecksTable,
  SessionDatablocksTable,
  SessionsTable,
  SyncErrorsTable,
  SyncHealthView,
  SyncRunsTable,
  SyncStateTable,
  Timestamp,
  WebhookEventsTable,
} from './database.js';
export { PGliteDialect, type PGliteDialectConfig } from './dialect/pglite-dialect.js';
export { DatabaseAheadError, DatabaseBusyError, DatabaseUnavailableError } from './errors.js';
export { toJsonText } from './load/json-param.js';
export { type UpsertSessionsResult, upsertSessions } from './load/upsert-sessions.js';
export { type MigrateResult, migrate, schemaStatus } from './migrate.js';
export { SCHEMA_VERSION } from './migrations/index.js';
export { isConnectionLoss } from './open/connection-loss.js';
export type { DbHandle } from './open/handle.js';
export { DEFAULT_DATA_DIR, type OpenDbOptions, openDatabase } from './open/open-database.js';
export { ABANDONED_ERROR, markAbandonedRuns } from './queries/abandoned-runs.js';
export {
  countDiscovered,
  type DiscoveredItem,
  type DiscoveredToFetchOptions,
  enqueueDiscovered,
  listDiscoveredToFetch,
} from './queries/discovered.js';
export { getFinalChecks, getFinalChecksOf } from './queries/final-checks.js';
export { upsertFlows } from './queries/flows.js';
export { forgetDiscovered } from './queries/forget-discovered.js';
export { markDeleted } from './queries/mark-deleted.js';
export {
  listGivenUp,
  type NotFoundCount,
  type NotFoundInput,
  recordNotFound,
} from './queries/not-found.js';
export {
  listOpenSessions,
  listSessionsNotSyncedSince,
  type OpenSessionRef,
  oldestOpenCreatedAt,
} from './queries/open-sessions.js';
export type { PollSchedule, PollStep } from './queries/poll-schedule.js';
export { type PollSummary, pollSummary } from './queries/poll-summary.js';
export { reserveRateSlot } from './queries/rate-budget.js';
export * from './queries/report/index.js';
export { countSyncErrors, listOpenFetchErrors, resolveSyncErrors } from './queries/resolve-sync-errors.js';
export { finishRun, listRuns, type RunStatus, type RunSummary, startRun } from './queries/runs.js';
export type { SessionScope } from './queries/session-scope.js';
export { getStoredVersions, type StoredVersion } from './queries/stored-versions.js';
export { recordSyncError, type SyncErrorInput } from './queries/sync-errors.js';
export { getSyncState, type SyncCheckpoint, type SyncState, saveSyncState } from './queries/sync-state.js';
export {
  findSessionOfCheck,
  finishWebhookEvent,
  getWebhookEvent,
  insertWebhookEvent,
  type WebhookEventInput,
  type WebhookEventRow,
} from './queries/webhook-events.js';
export {
  CHECK_RESULTS,
  CHECK_STATUSES,
  type CheckRecord,
  type CheckResult,
  type CheckStatus,
  type DatablockRecord,
  type FlowInfo,
  REASON_CODES,
  type ReasonCode,
  SESSION_OUTCOMES,
  SESSION_STATUSES,
  type SessionOutcome,
  type SessionRecord,
  type SessionStatus,
} from './records.js';
