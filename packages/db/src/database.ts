import type { ColumnType, Generated, Kysely } from 'kysely';
import type { CheckResult, CheckStatus, ReasonCode, SessionOutcome, SessionStatus } from './records.js';

/** `timestamptz`: read as `Date`, written as `Date` or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** `timestamptz` that may be null. */
export type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
/** `jsonb`: read as parsed JSON, written as a JSON text (`JSON.stringify`) so arrays are not sent as Postgres arrays. */
export type Jsonb = ColumnType<unknown, string | null, string | null>;
/** A count (`bigint`) parsed to `number` (see TYPE_PARSERS). */
export type Count = number;

/** `idv.schema_migrations`: one row per applied migration. */
export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: Generated<Date>;
}

/** `idv.sessions`: one row per provider session. */
export interface SessionsTable {
  provider: string;
  session_id: string;
  /** The connection that wrote the row last (migration 005). */
  connection: string;
  environment: string | null;
  flow_id: string | null;
  flow_version: string | null;
  subject_ref: string | null;
  status: SessionStatus;
  provider_status: string | null;
  is_terminal: boolean;
  outcome: SessionOutcome;
  provider_outcome: string | null;
  created_at: NullableTimestamp;
  started_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  updated_at: NullableTimestamp;
  expires_at: NullableTimestamp;
  last_step_id: string | null;
  last_step_type: string | null;
  last_step_verdict: string | null;
  /** Normalized rejection reason (migration 008); null when none is known. */
  reason_code: ReasonCode | null;
  /** The provider's reason, verbatim (migration 008). */
  provider_reason: string | null;
  provider_deleted_at: NullableTimestamp;
  raw: Jsonb;
  first_synced_at: Timestamp;
  last_synced_at: Timestamp;
}

/** `idv.session_checks`: the checks of a session, replaced as a whole on every write of the session. */
export interface SessionChecksTable {
  provider: string;
  session_id: string;
  connection: string;
  check_id: string;
  check_type: string;
  status: CheckStatus;
  provider_status: string | null;
  result: CheckResult;
  provider_result: string | null;
  created_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  /** Normalized reason the check failed (migration 008). */
  reason_code: ReasonCode | null;
  /** The provider's reason, verbatim (migration 008). */
  provider_reason: string | null;
  raw: Jsonb;
}

/** `idv.flows`: the flow catalogue, per connection (migration 008). */
export interface FlowsTable {
  provider: string;
  connection: string;
  flow_id: string;
  name: string | null;
  version: string | null;
  environment: string | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
}

/** `idv.session_datablocks`: references to provider-side data blocks (never their content). */
export interface SessionDatablocksTable {
  provider: string;
  session_id: string;
  connection: string;
  datablock_type: string;
  datablock_id: string;
  status: string | null;
  created_at: NullableTimestamp;
}

/** `idv.sync_runs`: one row per `idvkit sync` run. */
export interface SyncRunsTable {
  run_id: string;
  started_at: Generated<Date>;
  finished_at: NullableTimestamp;
  status: 'running' | 'succeeded' | 'partial' | 'failed' | 'interrupted' | 'abandoned';
  providers: ColumnType<string[], string[], string[]>;
  options: Jsonb;
  /** Per-provider totals: `{ "<provider>": { status, listed, … } }`. */
  stats: Jsonb;
  error: string | null;
  /** The connections the run covered (migration 005; older runs: their providers). */
  connections: ColumnType<string[], string[], string[]>;
  /** Per-connection counters: `{ "<connection>": { provider, status, listed, … } }`; null before 005. */
  connection_stats: ColumnType<unknown, string | null | undefined, string | null>;
}

/** `idv.sync_state`: the checkpoint of one scope of a connection. */
export interface SyncStateTable {
  provider: string;
  connection: string;
  scope: string;
  watermark: NullableTimestamp;
  cursor: Jsonb;
  updated_at: Generated<Date>;
}

/** `idv.sync_errors`: quarantined records and failed operations of a run. */
export interface SyncErrorsTable {
  id: Generated<Count>;
  run_id: string;
  provider: string;
  connection: string;
  session_id: string | null;
  stage: 'list' | 'fetch' | 'normalize' | 'load';
  reason: string;
  payload: Jsonb;
  created_at: Generated<Date>;
  /** Set when a later fetch of the session succeeded (migration 007). */
  resolved_at: Generated<Date | null>;
}

/** `idv.discovered_sessions`: session ids learned from notifications or `enqueue`, to be fetched. */
export interface DiscoveredSessionsTable {
  provider: string;
  /** The connection the id was discovered for (migration 009); older rows: the provider's name. */
  connection: string;
  session_id: string;
  source: string;
  topic: string | null;
  first_discovered_at: Timestamp;
  discovered_at: Timestamp;
}

/**
 * `idv.not_found_sessions`: session ids that answered 404 though listed or discovered, before they were ever
 * stored; the sync stops asking for one once `given_up_at` is set.
 */
export interface NotFoundSessionsTable {
  provider: string;
  session_id: string;
  not_found_runs: number;
  first_not_found_at: Timestamp;
  last_not_found_at: Timestamp;
  last_run_id: string;
  given_up_at: NullableTimestamp;
}

/** `idv.webhook_events`: verified webhook deliveries, minimized (no payload), one per provider event. */
export interface WebhookEventsTable {
  id: Generated<Count>;
  connection: string;
  provider: string;
  provider_event_id: string | null;
  body_sha256: string | null;
  event_type: string | null;
  session_id: string | null;
  check_id: string | null;
  received_at: Generated<Date>;
  processed_at: NullableTimestamp;
  status: Generated<'queued' | 'processed' | 'ignored' | 'failed'>;
}

/** `idv.v_daily_outcomes`. */
export interface DailyOutcomesView {
  day: string;
  provider: string;
  flow_id: string | null;
  sessions: Count;
  completed: Count;
  approved: Count;
  rejected: Count;
  review: Count;
  none: Count;
  unknown: Count;
  decided: Count;
  approval_rate: number | null;
  /** The flow's newest known name, else its id (migration 008). */
  flow_name: string | null;
}

/** `idv.v_check_results`. */
export interface CheckResultsView {
  provider: string;
  check_type: string;
  checks: Count;
  pass: Count;
  fail: Count;
  review: Count;
  none: Count;
  unknown: Count;
  pass_rate: number | null;
}

/** `idv.v_decision_latency`. */
export interface DecisionLatencyView {
  provider: string;
  flow_id: string | null;
  completed_sessions: Count;
  p50_seconds: number | null;
  p90_seconds: number | null;
  p99_seconds: number | null;
  avg_seconds: number | null;
  flow_name: string | null;
}

/** `idv.v_funnel`. */
export interface FunnelView {
  provider: string;
  flow_id: string | null;
  sessions: Count;
  created: Count;
  in_progress: Count;
  completed: Count;
  failed: Count;
  abandoned: Count;
  expired: Count;
  unknown: Count;
  flow_name: string | null;
}

/** `idv.v_open_sessions`. */
export interface OpenSessionsView {
  provider: string;
  session_id: string;
  environment: string | null;
  flow_id: string | null;
  status: SessionStatus;
  provider_status: string | null;
  last_step_id: string | null;
  last_step_type: string | null;
  created_at: Date | null;
  updated_at: Date | null;
  expires_at: Date | null;
  last_synced_at: Date;
  age_seconds: number | null;
  age: string | null;
  connection: string;
  flow_name: string | null;
}

/** `idv.v_rejection_reasons` (migration 008): rejected sessions per UTC day, connection, flow and reason. */
export interface RejectionReasonsView {
  day: string;
  provider: string;
  connection: string;
  flow_id: string | null;
  flow_name: string | null;
  reason_code: ReasonCode;
  sessions: Count;
}

/** `idv.v_sync_health`. */
export interface SyncHealthView {
  provider: string;
  last_run_id: string | null;
  last_run_at: Date | null;
  last_run_finished_at: Date | null;
  last_run_status: string | null;
  last_successful_run_at: Date | null;
  sessions_synced: Count;
  open_sessions: Count;
  last_session_synced_at: Date | null;
  quarantined_last_run: Count;
}

/** Kysely table types of every table and view of schema `idv`. */
export interface Database {
  'idv.schema_migrations': SchemaMigrationsTable;
  'idv.sessions': SessionsTable;
  'idv.session_checks': SessionChecksTable;
  'idv.session_datablocks': SessionDatablocksTable;
  'idv.sync_runs': SyncRunsTable;
  'idv.sync_state': SyncStateTable;
  'idv.sync_errors': SyncErrorsTable;
  'idv.discovered_sessions': DiscoveredSessionsTable;
  'idv.not_found_sessions': NotFoundSessionsTable;
  'idv.webhook_events': WebhookEventsTable;
  'idv.flows': FlowsTable;
  'idv.v_daily_outcomes': DailyOutcomesView;
  'idv.v_check_results': CheckResultsView;
  'idv.v_decision_latency': DecisionLatencyView;
  'idv.v_funnel': FunnelView;
  'idv.v_open_sessions': OpenSessionsView;
  'idv.v_sync_health': SyncHealthView;
  'idv.v_rejection_reasons': RejectionReasonsView;
}

/** A Kysely instance (or transaction: `Transaction<Database>` is a subtype) over the idvkit schema. */
export type IdvDb = Kysely<Database>;
