/** A named report: a view (or query) and which filters it supports. */
export interface ReportDefinition {
  name: string;
  description: string;
  /** The relation it reads from. */
  from: string;
  /** Column compared with `--since` (>=), if the report supports it. */
  sinceColumn?: string;
  /** Column compared with `--provider`; every report has one. */
  providerColumn: string;
  /** Column compared with `--flow`, if the report supports it. */
  flowColumn?: string;
  orderBy: string;
  limit?: number;
}

/**
 * The reports `idvkit report <name>` prints. Each reads one documented view of schema idv (see
 * docs/reporting.md), except `outcomes`, the demo's sessions-by-provider-and-outcome summary.
 */
export const REPORTS: readonly ReportDefinition[] = [
  {
    name: 'outcomes',
    description: 'sessions by provider and outcome, with the approval rate',
    from: `(SELECT provider, count(*)::int AS sessions,
              count(*) FILTER (WHERE outcome = 'approved')::int AS approved,
              count(*) FILTER (WHERE outcome = 'rejected')::int AS rejected,
              count(*) FILTER (WHERE outcome = 'review')::int AS review,
              count(*) FILTER (WHERE outcome = 'none')::int AS none,
              count(*) FILTER (WHERE outcome = 'unknown')::int AS unknown,
              round(count(*) FILTER (WHERE outcome = 'approved')::numeric
                / nullif(count(*) FILTER (WHERE outcome IN ('approved', 'rejected')), 0), 4)::float8 AS approval_rate
            FROM idv.sessions GROUP BY provider) AS o`,
    providerColumn: 'provider',
    orderBy: 'provider',
  },
  {
    name: 'daily-outcomes',
    description: 'per day (UTC), provider and flow: sessions, outcomes and approval rate',
    from: 'idv.v_daily_outcomes',
    sinceColumn: 'day',
    providerColumn: 'provider',
    flowColumn: 'flow_id',
    orderBy: 'day DESC, provider, flow_id',
  },
  {
    name: 'check-results',
    description: 'per provider and check type: results and pass rate',
    from: 'idv.v_check_results',
    providerColumn: 'provider',
    orderBy: 'provider, check_type',
  },
  {
    name: 'decision-latency',
    description: 'per provider and flow: p50/p90/p99 seconds from creation to completion',
    from: 'idv.v_decision_latency',
    providerColumn: 'provider',
    flowColumn: 'flow_id',
    orderBy: 'provider, flow_id',
  },
  {
    name: 'funnel',
    description: 'per provider and flow: sessions by normalized status',
    from: 'idv.v_funnel',
    providerColumn: 'provider',
    flowColumn: 'flow_id',
    orderBy: 'provider, flow_id',
  },
  {
    name: 'open-sessions',
    description: 'sessions not yet terminal, oldest first (what is stuck)',
    from: 'idv.v_open_sessions',
    sinceColumn: 'created_at',
    providerColumn: 'provider',
    flowColumn: 'flow_id',
    orderBy: 'created_at ASC NULLS LAST',
    limit: 100,
  },
  {
    name: 'sync-health',
    description: 'per provider: last successful run, last run status, sessions synced, quarantined errors',
    from: 'idv.v_sync_health',
    providerColumn: 'provider',
    orderBy: 'provider',
  },
];

export const REPORT_NAMES = REPORTS.map((r) => r.name);
