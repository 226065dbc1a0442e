import { sql } from 'kysely';
import type { IdvDb } from '../../database.js';
import { flowName } from './flow-name.js';
import { DECISION_SECONDS, MEASURED, OUTCOME_COLUMNS } from './outcome-counts.js';
import { filterCondition, type ReportContext, sessionColumns } from './report-filter.js';

/** A report row: column name → value (counts and rates as numbers, timestamps as Date, days as `YYYY-MM-DD`). */
export type ReportRow = Record<string, unknown>;

const S = sessionColumns('s');

/** Per provider: sessions, outcomes and the three rates of the sessions in the filter. */
export async function outcomesRows(db: IdvDb, ctx: ReportContext): Promise<ReportRow[]> {
  const { rows } = await sql<ReportRow>`
    SELECT s.provider, ${OUTCOME_COLUMNS}
    FROM idv.sessions s WHERE ${filterCondition(ctx, S)}
    GROUP BY s.provider ORDER BY s.provider COLLATE "C"`.execute(db);
  return rows;
}

/** Per UTC day of creation, provider and flow: `v_daily_outcomes`' columns with `flow_name` and the filter. */
export async function dailyOutcomesRows(db: IdvDb, ctx: ReportContext): Promise<ReportRow[]> {
  const { rows } = await sql<ReportRow>`
    SELECT g.day, g.provider, g.flow_id, ${flowName(ctx.flowCatalogue, 'g.provider', 'g.flow_id')} AS flow_name,
      g.sessions, g.completed, g.approved, g.rejected, g.review, g.none, g.unknown, g.decided,
      g.approval_rate, g.review_rate, g.completion_rate
    FROM (
      SELECT (s.created_at AT TIME ZONE 'UTC')::date AS day, s.provider, s.flow_id, ${OUTCOME_COLUMNS}
      FROM idv.sessions s WHERE s.created_at IS NOT NULL AND ${filterCondition(ctx, S)}
      GROUP BY 1, 2, 3
    ) g
    ORDER BY g.day DESC, g.provider COLLATE "C", g.flow_id COLLATE "C" NULLS LAST`.execute(db);
  return rows;
}

/** Per provider and check type: `v_check_results`' columns for the checks of the sessions in the filter. */
export async function checkResultsRows(db: IdvDb, ctx: ReportContext): Promise<ReportRow[]> {
  const { rows } = await sql<ReportRow>`
    SELECT c.provider, c.check_type, count(*) AS checks,
      count(*) FILTER (WHERE c.result = 'pass') AS pass,
      count(*) FILTER (WHERE c.result = 'fail') AS fail,
      count(*) FILTER (WHERE c.result = 'review') AS review,
      count(*) FILTER (WHERE c.result = 'none') AS none,
      count(*) FILTER (WHERE c.result = 'unknown') AS unknown,
      (count(*) FILTER (WHERE c.result = 'pass'))::float8
        / nullif(count(*) FILTER (WHERE c.result IN ('pass', 'fail', 'review')), 0) AS pass_rate
    FROM idv.session_checks c
    JOIN idv.sessions s ON s.provider = c.provider AND s.session_id = c.session_id
    WHERE ${filterCondition(ctx, S)}
    GROUP BY c.provider, c.check_type
    ORDER BY c.provider COLLATE "C", c.check_type COLLATE "C"`.execute(db);
  return rows;
}

/** Per provider and flow: `v_decision_latency`'s columns with `flow_name`, for the sessions in the filter. */
export async function decisionLatencyRows(db: IdvDb, ctx: ReportContext): Promise<ReportRow[]> {
  const { rows } = await sql<ReportRow>`
    SELECT g.provider, g.flow_id, ${flowName(ctx.flowCatalogue, 'g.provider', 'g.flow_id')} AS flow_name,
      g.completed_sessions, g.p50_seconds, g.p90_seconds, g.p99_seconds, g.avg_seconds
    FROM (
      SELECT s.provider, s.flow_id, count(*) AS completed_sessions,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY ${DECISION_SECONDS}) AS p50_seconds,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY ${DECISION_SECONDS}) AS p90_seconds,
        percentile_cont(0.99) WITHIN GROUP (ORDER BY ${DECISION_SECONDS}) AS p99_seconds,
        avg(${DECISION_SECONDS}) AS avg_seconds
      FROM idv.sessions s WHERE ${MEASURED} AND ${filterCondition(ctx, S)}
      GROUP BY s.provider, s.flow_id
    ) g
    ORDER BY g.provider COLLATE "C", g.flow_id COLLATE "C" NULLS LAST`.execute(db);
  return rows;
}

/** Per provider and flow: `v_funnel`'s columns with `flow_name`, for the sessions in the filter. */
export async function funnelRows(db: IdvDb, ctx: ReportContext): Promise<ReportRow[]> {
  const { rows } = await sql<ReportRow>`
    SELECT g.provider, g.flow_id, ${flowName(ctx.flowCatalogue, 'g.provider', 'g.flow_id')} AS flow_name,
      g.sessions, g.created, g.in_progress, g.completed, g.failed, g.abandoned, g.expired, g.unknown
    FROM (
      SELECT s.provider, s.flow_id, count(*) AS sessions,
        count(*) FILTER (WHERE s.status = 'created') AS created,
        count(*) FILTER (WHERE s.status = 'in_progress') AS in_progress,
        count(*) FILTER (WHERE s.status = 'completed') AS completed,
        count(*) FILTER (WHERE s.status = 'failed') AS failed,
        count(*) FILTER (WHERE s.status = 'abandoned') AS abandoned,
        count(*) FILTER (WHERE s.status = 'expired') AS expired,
        count(*) FILTER (WHERE s.status = 'unknown') AS unknown
      FROM idv.sessions s WHERE ${filterCondition(ctx, S)}
      GROUP BY s.provider, s.flow_id
    ) g
    ORDER BY g.provider COLLATE "C", g.flow_id COLLATE "C" NULLS LAST`.execute(db);
  return rows;
}

/** `v_open_sessions` in the filter with `flow_name`, oldest first, at most `limit` rows. */
export async function openSessionsRows(db: IdvDb, ctx: ReportContext, limit: number): Promise<ReportRow[]> {
  const { rows } = await sql<ReportRow>`
    SELECT o.provider, o.connection, o.session_id, o.flow_id,
      ${flowName(ctx.flowCatalogue, 'o.provider', 'o.flow_id')} AS flow_name,
      o.status, o.provider_status, o.last_step_id, o.created_at, o.updated_at, o.last_synced_at, o.age_seconds
    FROM idv.v_open_sessions o WHERE ${filterCondition(ctx, sessionColumns('o'))}
    ORDER BY o.created_at ASC NULLS LAST, o.provider COLLATE "C", o.session_id COLLATE "C"
    LIMIT ${sql.lit(limit)}`.execute(db);
  return rows;
}
