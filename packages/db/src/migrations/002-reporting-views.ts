import type { Migration } from './migration.js';

/**
 * The reporting views: the stable, documented surface BI tools read. See docs/reporting.md.
 * Provider-deleted sessions stay in every aggregate; only v_open_sessions leaves them out.
 */
export const reportingViews: Migration = {
  version: 2,
  name: 'reporting_views',
  statements: [
    `CREATE VIEW idv.v_daily_outcomes AS
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
        / nullif(count(*) FILTER (WHERE s.outcome IN ('approved', 'rejected')), 0) AS approval_rate
    FROM idv.sessions s
    WHERE s.created_at IS NOT NULL
    GROUP BY 1, 2, 3`,
    `CREATE VIEW idv.v_check_results AS
    SELECT
      c.provider,
      c.check_type,
      count(*) AS checks,
      count(*) FILTER (WHERE c.result = 'pass') AS pass,
      count(*) FILTER (WHERE c.result = 'fail') AS fail,
      count(*) FILTER (WHERE c.result = 'review') AS review,
      count(*) FILTER (WHERE c.result = 'none') AS none,
      count(*) FILTER (WHERE c.result = 'unknown') AS unknown,
      (count(*) FILTER (WHERE c.result = 'pass'))::float8
        / nullif(count(*) FILTER (WHERE c.result IN ('pass', 'fail', 'review')), 0) AS pass_rate
    FROM idv.session_checks c
    GROUP BY c.provider, c.check_type`,
    `CREATE VIEW idv.v_decision_latency AS
    SELECT
      l.provider,
      l.flow_id,
      count(*) AS completed_sessions,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY l.seconds) AS p50_seconds,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY l.seconds) AS p90_seconds,
      percentile_cont(0.99) WITHIN GROUP (ORDER BY l.seconds) AS p99_seconds,
      avg(l.seconds) AS avg_seconds
    FROM (
      SELECT s.provider, s.flow_id, extract(epoch FROM s.completed_at - s.created_at)::float8 AS seconds
      FROM idv.sessions s
      WHERE s.status = 'completed' AND s.created_at IS NOT NULL AND s.completed_at IS NOT NULL
    ) l
    GROUP BY l.provider, l.flow_id`,
    `CREATE VIEW idv.v_funnel AS
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
      count(*) FILTER (WHERE s.status = 'unknown') AS unknown
    FROM idv.sessions s
    GROUP BY s.provider, s.flow_id`,
    `CREATE VIEW idv.v_open_sessions AS
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
      now() - s.created_at AS age
    FROM idv.sessions s
    WHERE NOT s.is_terminal AND s.provider_deleted_at IS NULL
    ORDER BY s.created_at ASC NULLS LAST, s.provider, s.session_id`,
    `CREATE VIEW idv.v_sync_health AS
    WITH providers AS (
      SELECT provider FROM idv.sessions
      UNION
      SELECT unnest(r.providers) FROM idv.sync_runs r
    ),
    runs AS (
      SELECT
        p.provider,
        r.run_id,
        r.started_at,
        r.finished_at,
        CASE WHEN r.status = 'running' THEN 'running'
             ELSE coalesce(r.stats -> p.provider ->> 'status', r.status) END AS status
      FROM providers p
      JOIN idv.sync_runs r ON p.provider = ANY (r.providers)
    ),
    last_run AS (
      SELECT DISTINCT ON (provider) provider, run_id, started_at, finished_at, status
      FROM runs
      ORDER BY provider, started_at DESC, run_id DESC
    ),
    last_success AS (
      SELECT provider, max(coalesce(finished_at, started_at)) AS at
      FROM runs
      WHERE status = 'succeeded'
      GROUP BY provider
    ),
    synced AS (
      SELECT
        provider,
        count(*) AS sessions,
        count(*) FILTER (WHERE NOT is_terminal AND provider_deleted_at IS NULL) AS open_sessions,
        max(last_synced_at) AS last_synced_at
      FROM idv.sessions
      GROUP BY provider
    )
    SELECT
      p.provider,
      lr.run_id AS last_run_id,
      lr.started_at AS last_run_at,
      lr.finished_at AS last_run_finished_at,
      lr.status AS last_run_status,
      ls.at AS last_successful_run_at,
      coalesce(sy.sessions, 0) AS sessions_synced,
      coalesce(sy.open_sessions, 0) AS open_sessions,
      sy.last_synced_at AS last_session_synced_at,
      (SELECT count(*) FROM idv.sync_errors e
        WHERE e.run_id = lr.run_id AND e.provider = p.provider) AS quarantined_last_run
    FROM providers p
    LEFT JOIN last_run lr ON lr.provider = p.provider
    LEFT JOIN last_success ls ON ls.provider = p.provider
    LEFT JOIN synced sy ON sy.provider = p.provider`,
  ],
};
