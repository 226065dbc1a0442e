import type { IdvDb } from '@idvkit/db';
import { sql } from 'kysely';
import {
  type CheckPassRate,
  type DecisionLatency,
  FUNNEL_STATUSES,
  type FunnelRow,
  type ReportData,
  type SyncHealth,
  type WeeklyOutcomes,
} from './report-data.js';

// Counts come back as number (see @idvkit/db TYPE_PARSERS) but a huge one may stay a decimal string.
const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown): string | null =>
  v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v);

/**
 * Reads everything the HTML report shows from the documented views of schema `idv` (docs/reporting.md),
 * ordered deterministically (byte-wise on names, so the database collation does not matter).
 */
export async function loadReportData(db: IdvDb): Promise<ReportData> {
  // One query at a time: `db` may be a transaction or a single embedded connection.
  return {
    weeklyOutcomes: await loadWeeklyOutcomes(db),
    checkPassRates: await loadCheckPassRates(db),
    decisionLatency: await loadDecisionLatency(db),
    funnel: await loadFunnel(db),
    syncHealth: await loadSyncHealth(db),
  };
}

async function loadWeeklyOutcomes(db: IdvDb): Promise<WeeklyOutcomes[]> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT provider, to_char(date_trunc('week', day::timestamp), 'YYYY-MM-DD') AS week,
      sum(sessions) AS sessions, sum(approved) AS approved, sum(rejected) AS rejected,
      sum(review) AS review, sum(none) AS none, sum(unknown) AS unknown
    FROM idv.v_daily_outcomes
    GROUP BY 1, 2
    ORDER BY provider COLLATE "C", week`.execute(db);
  return rows.map((r) => ({
    provider: String(r.provider),
    week: String(r.week),
    sessions: num(r.sessions),
    approved: num(r.approved),
    rejected: num(r.rejected),
    review: num(r.review),
    none: num(r.none),
    unknown: num(r.unknown),
  }));
}

async function loadCheckPassRates(db: IdvDb): Promise<CheckPassRate[]> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT provider, check_type, checks, pass, fail, review, none, unknown, pass_rate
    FROM idv.v_check_results
    ORDER BY provider COLLATE "C", check_type COLLATE "C"`.execute(db);
  return rows.map((r) => ({
    provider: String(r.provider),
    checkType: String(r.check_type),
    checks: num(r.checks),
    pass: num(r.pass),
    fail: num(r.fail),
    review: num(r.review),
    none: num(r.none),
    unknown: num(r.unknown),
    passRate: numOrNull(r.pass_rate),
  }));
}

async function loadDecisionLatency(db: IdvDb): Promise<DecisionLatency[]> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT provider, flow_id, completed_sessions, p50_seconds, p90_seconds, p99_seconds
    FROM idv.v_decision_latency
    ORDER BY provider COLLATE "C", flow_id COLLATE "C" NULLS LAST`.execute(db);
  return rows.map((r) => ({
    provider: String(r.provider),
    flowId: r.flow_id === null ? null : String(r.flow_id),
    completed: num(r.completed_sessions),
    p50Seconds: numOrNull(r.p50_seconds),
    p90Seconds: numOrNull(r.p90_seconds),
    p99Seconds: numOrNull(r.p99_seconds),
  }));
}

async function loadFunnel(db: IdvDb): Promise<FunnelRow[]> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT provider, sum(sessions) AS sessions,
      ${sql.join(FUNNEL_STATUSES.map((s) => sql`sum(${sql.ref(s)}) AS ${sql.ref(s)}`))}
    FROM idv.v_funnel
    GROUP BY provider
    ORDER BY provider COLLATE "C"`.execute(db);
  return rows.map((r) => ({
    provider: String(r.provider),
    sessions: num(r.sessions),
    statuses: Object.fromEntries(FUNNEL_STATUSES.map((s) => [s, num(r[s])])) as FunnelRow['statuses'],
  }));
}

async function loadSyncHealth(db: IdvDb): Promise<SyncHealth[]> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT provider, last_run_at, last_run_status, last_successful_run_at, sessions_synced, open_sessions,
      quarantined_last_run
    FROM idv.v_sync_health
    ORDER BY provider COLLATE "C"`.execute(db);
  return rows.map((r) => ({
    provider: String(r.provider),
    lastRunAt: iso(r.last_run_at),
    lastRunStatus: r.last_run_status === null ? null : String(r.last_run_status),
    lastSuccessAt: iso(r.last_successful_run_at),
    sessionsSynced: num(r.sessions_synced),
    openSessions: num(r.open_sessions),
    quarantinedErrors: num(r.quarantined_last_run),
  }));
}
