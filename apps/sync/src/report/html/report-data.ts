import { SESSION_STATUSES } from '@idvkit/db';

/** Normalized session statuses, in funnel order (the columns of `idv.v_funnel`): the schema's order. */
export const FUNNEL_STATUSES = SESSION_STATUSES;

/** One normalized session status. */
export type FunnelStatus = (typeof FUNNEL_STATUSES)[number];

/** Normalized outcomes drawn in the outcomes chart, bottom to top (`unknown`: a raw value not mapped yet). */
export const OUTCOMES = ['approved', 'rejected', 'review', 'none', 'unknown'] as const;

/** One normalized outcome. */
export type Outcome = (typeof OUTCOMES)[number];

/** Outcomes of the sessions created in one ISO week (Monday, UTC) for one provider. */
export interface WeeklyOutcomes {
  provider: string;
  /** Monday of the week, `YYYY-MM-DD`. */
  week: string;
  sessions: number;
  approved: number;
  rejected: number;
  review: number;
  none: number;
  unknown: number;
}

/** Results of one check type at one provider. */
export interface CheckPassRate {
  provider: string;
  checkType: string;
  checks: number;
  pass: number;
  fail: number;
  review: number;
  none: number;
  unknown: number;
  /** pass / (pass + fail + review); null when no check has one of those results. */
  passRate: number | null;
}

/** Decision latency (creation to completion) of one provider's flow. */
export interface DecisionLatency {
  provider: string;
  flowId: string | null;
  /** Completed sessions the percentiles are computed from. */
  completed: number;
  p50Seconds: number | null;
  p90Seconds: number | null;
  p99Seconds: number | null;
}

/** Sessions of one provider by normalized status (all flows). */
export interface FunnelRow {
  provider: string;
  sessions: number;
  statuses: Record<FunnelStatus, number>;
}

/** Sync health of one provider. */
export interface SyncHealth {
  provider: string;
  /** ISO timestamp of the start of the last run, or null when no run included the provider. */
  lastRunAt: string | null;
  /** `running`, `succeeded`, `partial` or `failed` (the provider's own status within the run). */
  lastRunStatus: string | null;
  /** ISO timestamp of the end of the last successful run, or null when none succeeded yet. */
  lastSuccessAt: string | null;
  sessionsSynced: number;
  /** Sessions not yet terminal (and not deleted at the provider). */
  openSessions: number;
  /** Records and operations quarantined by the last run. */
  quarantinedErrors: number;
}

/** Everything the HTML report shows, plain data in a deterministic order (provider, then time/name). */
export interface ReportData {
  weeklyOutcomes: WeeklyOutcomes[];
  checkPassRates: CheckPassRate[];
  decisionLatency: DecisionLatency[];
  funnel: FunnelRow[];
  syncHealth: SyncHealth[];
}
