import type { Migration } from './migration.js';

/** REASON_CODES as of this migration, written out: a released migration never changes (a new code needs one). */
const REASONS = `'document_unreadable', 'document_expired', 'document_invalid', 'face_mismatch', 'liveness_failed',
  'watchlist_hit', 'fraud_suspected', 'age_check_failed', 'other'`;

/**
 * The newest name `idv.flows` knows for the flow of session `s`, else its id: the rule of every view's
 * `flow_name`, and of packages/db/src/queries/report/flow-name.ts (keep the two the same).
 */
const FLOW_NAME = `coalesce((SELECT f.name FROM idv.flows f
        WHERE f.provider = s.provider AND f.flow_id = s.flow_id AND f.name IS NOT NULL
        ORDER BY f.last_seen_at DESC, f.connection LIMIT 1), s.flow_id)`;

/**
 * The flow catalogue and rejection reasons. `idv.flows`: the flows (IDnow flows, Verifa workflows, ComplyCube
 * workflow templates) each connection has seen, with their names. `reason_code` (the vocabulary of
 * REASON_CODES) and `provider_reason` (verbatim) on sessions and checks; rows written before stay null. Every
 * view with `flow_id` appends `flow_name` (CREATE OR REPLACE VIEW keeps the existing columns, in order), and
 * `idv.v_rejection_reasons` counts rejected sessions by reason. See docs/schema.md and docs/reporting.md.
 */
export const flowsReasons: Migration = {
  version: 8,
  name: 'flows_reasons',
  statements: [
    `CREATE TABLE idv.flows (
      provider text NOT NULL,
      connection text NOT NULL,
      flow_id text NOT NULL,
      name text,
      version text,
      environment text,
      first_seen_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      CONSTRAINT flows_pkey PRIMARY KEY (provider, connection, flow_id)
    )`,
    // flow_name looks a flow up by provider and id, across connections, newest first.
    `CREATE INDEX flows_name_idx ON idv.flows (provider, flow_id, last_seen_at DESC)`,
    ...['sessions', 'session_checks'].flatMap((table) => [
      `ALTER TABLE idv.${table} ADD COLUMN reason_code text
        CONSTRAINT ${table}_reason_code_check CHECK (reason_code IN (${REASONS}))`,
      `ALTER TABLE idv.${table} ADD COLUMN provider_reason text`,
    ]),
    `CREATE OR REPLACE VIEW idv.v_daily_outcomes AS
    SELECT
      (s.created_at AT TIME ZONE 'UTC')::date AS day,
      s.provider,
      s.flow_id,
      count(*) AS sessions,
      count(*) FILTER (WHERE s.status = 'completed') AS completed,
      count(*) FILTER (WHERE s.outcome = 'approved') AS approved,
      count(*) FILTER (WHERE s.outcome = 'rejected') AS rejected,
      count(*) FILTER (WHERE s.outcome = 'review') AS review,
      count(*) FILTER (WHERE s.outcome = 'none') AS none,
      count(*) FILTER (WHERE s.outcome = 'unknown') AS unknown,
      count(*) FILTER (WHERE s.outcome IN ('approved', 'rejected')) AS decided,
      (count(*) FILTER (WHERE s.outcome = 'approved'))::float8
        / nullif(count(*) FILTER (WHERE s.outcome IN ('approved', 'rejected')), 0) AS approval_rate,
      ${FLOW_NAME} AS flow_name
    FROM idv.sessions s
    WHERE s.created_at IS NOT NULL
    GROUP BY 1, 2, 3`,
    `CREATE OR REPLACE VIEW idv.v_decision_latency AS
    SELECT
      s.provider,
      s.flow_id,
      count(*) AS completed_sessions,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY s.seconds) AS p50_seconds,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY s.seconds) AS p90_seconds,
      percentile_cont(0.99) WITHIN GROUP (ORDER BY s.seconds) AS p99_seconds,
      avg(s.seconds) AS avg_seconds,
      ${FLOW_NAME} AS flow_name
    FROM (
      SELECT s.provider, s.flow_id, extract(epoch FROM s.completed_at - s.created_at)::float8 AS seconds
      FROM idv.sessions s
      WHERE s.status = 'completed' AND s.created_at IS NOT NULL AND s.completed_at IS NOT NULL
    ) s
    GROUP BY s.provider, s.flow_id`,
    `CREATE OR REPLACE VIEW idv.v_funnel AS
    SELECT
      s.provider,
      s.flow_id,
      count(*) AS sessions,
      count(*) FILTER (WHERE s.status = 'created') AS created,
      count(*) FILTER (WHERE s.status = 'in_progress') AS in_progress,
      count(*) FILTER (WHERE s.status = 'completed') AS completed,
      count(*) FILTER (WHERE s.status = 'failed') AS failed,
      count(*) FILTER (WHERE s.status = 'abandoned') AS abandoned,
      count(*) FILTER (WHERE s.status = 'expired') AS expired,
      count(*) FILTER (WHERE s.status = 'unknown') AS unknown,
      ${FLOW_NAME} AS flow_name
    FROM idv.sessions s
    GROUP BY s.provider, s.flow_id`,
    `CREATE OR REPLACE VIEW idv.v_open_sessions AS
    SELECT
      s.provider,
      s.session_id,
      s.environment,
      s.flow_id,
      s.status,
      s.provider_status,
      s.last_step_id,
      s.last_step_type,
      s.created_at,
      s.updated_at,
      s.expires_at,
      s.last_synced_at,
      extract(epoch FROM now() - s.created_at)::float8 AS age_seconds,
      now() - s.created_at AS age,
      s.connection,
      ${FLOW_NAME} AS flow_name
    FROM idv.sessions s
    WHERE NOT s.is_terminal AND s.provider_deleted_at IS NULL
    ORDER BY s.created_at ASC NULLS LAST, s.provider, s.session_id`,
    // Rejected sessions only: `review` is not a decision yet (as in approval_rate), and a session sent to review
    // that is then rejected counts once it is. A rejected session whose provider gave no reason (or one written
    // before this migration) counts under 'other', so the sessions of a day add up to v_daily_outcomes.rejected;
    // its provider_reason (null) tells the two kinds of 'other' apart in idv.sessions.
    `CREATE VIEW idv.v_rejection_reasons AS
    SELECT
      (s.created_at AT TIME ZONE 'UTC')::date AS day,
      s.provider,
      s.connection,
      s.flow_id,
      ${FLOW_NAME} AS flow_name,
      coalesce(s.reason_code, 'other') AS reason_code,
      count(*) AS sessions
    FROM idv.sessions s
    WHERE s.outcome = 'rejected' AND s.created_at IS NOT NULL
    GROUP BY 1, 2, 3, 4, 6`,
    `COMMENT ON VIEW idv.v_rejection_reasons IS 'Rejected sessions (outcome rejected; review is not counted) per UTC day of created_at, provider, connection, flow and reason_code. A rejected session without a reason counts under other, so each day adds up to v_daily_outcomes.rejected.'`,
  ],
};
