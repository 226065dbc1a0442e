import {
  checkResultsRows,
  decisionLatencyRows,
  filterCondition,
  funnelRows,
  headlineRows,
  type IdvDb,
  openSessionsRows,
  type ReportContext,
  type ReportFilter,
  type ReportRow,
  readReportFeatures,
  rejectionReasonRows,
  sessionColumns,
  syncHealthRows,
} from '@idvkit/db';
import { sql } from 'kysely';
import { describeFilters, describePeriod } from '../report-scope.js';
import {
  type CheckPassRate,
  type DecisionLatency,
  FUNNEL_STATUSES,
  type FunnelRow,
  type Headline,
  type HeadlineFigures,
  OPEN_SESSIONS_SHOWN,
  type OpenSession,
  REASONS_SHOWN,
  type RejectionReason,
  type ReportData,
  type SyncHealth,
  type WeeklyOutcomes,
} from './report-data.js';

// Counts come back as number (see @idvkit/db TYPE_PARSERS) but a huge one may stay a decimal string.
const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const iso = (v: unknown): string | null =>
  v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v);

/** What the HTML report covers and where it read it. */
export interface ReportRequest {
  filter: ReportFilter;
  /** The database as printed (no credentials). */
  database: string;
  /** The end of an open period, and the report's timestamp. */
  generatedAt: Date;
}

/** The period of equal length before `filter`'s; null when the period has no start. */
export function previousPeriod(filter: ReportFilter, now: Date): { since: Date; until: Date } | null {
  if (!filter.since) return null;
  const until = filter.until ?? now;
  return { since: new Date(2 * filter.since.getTime() - until.getTime()), until: filter.since };
}

/**
 * Reads everything the HTML report shows for the filter, with the views' definitions (docs/reporting.md),
 * ordered deterministically (byte-wise on names, so the database collation does not matter).
 */
export async function loadReportData(db: IdvDb, request: ReportRequest): Promise<ReportData> {
  const features = await readReportFeatures(db);
  const ctx: ReportContext = { filter: request.filter, flowCatalogue: features.flowCatalogue };
  const previous = previousPeriod(request.filter, request.generatedAt);
  // One query at a time: `db` may be a transaction or a single embedded connection.
  const current = await headlineRows(db, ctx);
  const before = previous ? await headlineRows(db, { ...ctx, filter: { ...ctx.filter, ...previous } }) : null;
  return {
    meta: {
      period: describePeriod(request.filter),
      previousPeriod: previous ? describePeriod(previous) : null,
      filters: describeFilters(request.filter),
      database: request.database,
    },
    headlines: headlines(current, before),
    rejectionReasons: features.rejectionReasons ? reasons(await rejectionReasonRows(db, ctx)) : null,
    openSessions: (await openSessionsRows(db, ctx, OPEN_SESSIONS_SHOWN)).map(openSession),
    weeklyOutcomes: await loadWeeklyOutcomes(db, ctx),
    checkPassRates: (await checkResultsRows(db, ctx)).map(checkPassRate),
    decisionLatency: (await decisionLatencyRows(db, ctx)).map(latency),
    funnel: funnel(await funnelRows(db, ctx)),
    // The state of the sync now: its runs are not limited to the period (the text report can do that).
    syncHealth: (
      await syncHealthRows(db, { ...ctx, filter: { ...ctx.filter, since: undefined, until: undefined } })
    ).map(health),
  };
}

function figures(r: ReportRow | undefined): HeadlineFigures {
  return {
    sessions: num(r?.sessions),
    completionRate: numOrNull(r?.completion_rate),
    approvalRate: numOrNull(r?.approval_rate),
    reviewRate: numOrNull(r?.review_rate),
    p50Seconds: numOrNull(r?.p50_seconds),
    p90Seconds: numOrNull(r?.p90_seconds),
  };
}

function headlines(current: ReportRow[], before: ReportRow[] | null): Headline[] {
  const providers = [...new Set([...current, ...(before ?? [])].map((r) => String(r.provider)))].sort();
  return providers.map((provider) => ({
    provider,
    current: figures(current.find((r) => r.provider === provider)),
    previous: before ? figures(before.find((r) => r.provider === provider)) : null,
  }));
}

function reasons(rows: ReportRow[]): RejectionReason[] {
  const shown = new Map<string, number>();
  return rows
    .map((r) => ({
      provider: String(r.provider),
      reasonCode: String(r.reason_code),
      sessions: num(r.sessions),
    }))
    .filter((r) => {
      const n = (shown.get(r.provider) ?? 0) + 1;
      shown.set(r.provider, n);
      return n <= REASONS_SHOWN;
    })
    .sort((a, b) => (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : b.sessions - a.sessions));
}

function openSession(r: ReportRow): OpenSession {
  return {
    provider: String(r.provider),
    connection: String(r.connection),
    sessionId: String(r.session_id),
    flowName: str(r.flow_name),
    status: String(r.status),
    createdAt: iso(r.created_at),
    ageSeconds: numOrNull(r.age_seconds),
  };
}

async function loadWeeklyOutcomes(db: IdvDb, ctx: ReportContext): Promise<WeeklyOutcomes[]> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT s.provider, to_char(date_trunc('week', s.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week,
      count(*) AS sessions,
      count(*) FILTER (WHERE s.outcome = 'approved') AS approved,
      count(*) FILTER (WHERE s.outcome = 'rejected') AS rejected,
      count(*) FILTER (WHERE s.outcome = 'review') AS review,
      count(*) FILTER (WHERE s.outcome = 'none') AS none,
      count(*) FILTER (WHERE s.outcome = 'unknown') AS unknown
    FROM idv.sessions s
    WHERE s.created_at IS NOT NULL AND ${filterCondition(ctx, sessionColumns('s'))}
    GROUP BY 1, 2
    ORDER BY s.provider COLLATE "C", week`.execute(db);
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

function checkPassRate(r: ReportRow): CheckPassRate {
  return {
    provider: String(r.provider),
    checkType: String(r.check_type),
    checks: num(r.checks),
    pass: num(r.pass),
    fail: num(r.fail),
    review: num(r.review),
    none: num(r.none),
    unknown: num(r.unknown),
    passRate: numOrNull(r.pass_rate),
  };
}

function latency(r: ReportRow): DecisionLatency {
  return {
    provider: String(r.provider),
    flowId: str(r.flow_id),
    flowName: str(r.flow_name),
    completed: num(r.completed_sessions),
    p50Seconds: numOrNull(r.p50_seconds),
    p90Seconds: numOrNull(r.p90_seconds),
    p99Seconds: numOrNull(r.p99_seconds),
  };
}

function funnel(rows: ReportRow[]): FunnelRow[] {
  const byProvider = new Map<string, FunnelRow>();
  for (const r of rows) {
    const provider = String(r.provider);
    const row = byProvider.get(provider) ?? {
      provider,
      sessions: 0,
      statuses: Object.fromEntries(FUNNEL_STATUSES.map((s) => [s, 0])) as FunnelRow['statuses'],
    };
    row.sessions += num(r.sessions);
    for (const s of FUNNEL_STATUSES) row.statuses[s] += num(r[s]);
    byProvider.set(provider, row);
  }
  return [...byProvider.values()];
}

function health(r: ReportRow): SyncHealth {
  return {
    provider: String(r.provider),
    connection: String(r.connection),
    lastRunAt: iso(r.last_run_at),
    lastRunStatus: str(r.last_run_status),
    lastSuccessAt: iso(r.last_successful_run_at),
    sessionsSynced: num(r.sessions_synced),
    openSessions: num(r.open_sessions),
    quarantinedErrors: num(r.quarantined_last_run),
  };
}
