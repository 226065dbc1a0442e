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
  /** The flow's name where the database knows it, else its id; null for providers without flows. */
  flowName: string | null;
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

/** Sync health of one connection. */
export interface SyncHealth {
  provider: string;
  connection: string;
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

/** The headline figures of one provider for one period; a rate or time is null when it has no denominator. */
export interface HeadlineFigures {
  sessions: number;
  /** completed / sessions. */
  completionRate: number | null;
  /** approved / (approved + rejected): review is not a decision yet. */
  approvalRate: number | null;
  /** review / (approved + rejected + review). */
  reviewRate: number | null;
  /** Median seconds from creation to completion of the completed sessions. */
  p50Seconds: number | null;
  /** 90th percentile of the same. */
  p90Seconds: number | null;
}

/** One provider's headline figures, beside those of the previous period of equal length (null: no such period). */
export interface Headline {
  provider: string;
  current: HeadlineFigures;
  previous: HeadlineFigures | null;
}

/** Rejected sessions of one provider with one normalized reason code. */
export interface RejectionReason {
  provider: string;
  reasonCode: string;
  sessions: number;
}

/** One open (not terminal) session, for the list of the oldest. */
export interface OpenSession {
  provider: string;
  connection: string;
  sessionId: string;
  flowName: string | null;
  status: string;
  /** ISO timestamp, or null when the provider gives none. */
  createdAt: string | null;
  ageSeconds: number | null;
}

/** What the report covers and where it read it, for people. */
export interface ReportMeta {
  /** e.g. `2025-01-06 to 2025-01-12 (UTC days, inclusive)` or `all time`. */
  period: string;
  /** The period the headline figures are compared with; null when the period has no start. */
  previousPeriod: string | null;
  /** Provider, connection and flow filters, e.g. `provider idnow`; empty when none. */
  filters: string;
  /** The database, without credentials. */
  database: string;
}

/** Everything the HTML report shows, plain data in a deterministic order (provider, then time/name). */
export interface ReportData {
  meta: ReportMeta;
  headlines: Headline[];
  /** Null when the database has no `idv.v_rejection_reasons` yet (before migration 008). */
  rejectionReasons: RejectionReason[] | null;
  /** The oldest open sessions, oldest first (at most {@link OPEN_SESSIONS_SHOWN}). */
  openSessions: OpenSession[];
  weeklyOutcomes: WeeklyOutcomes[];
  checkPassRates: CheckPassRate[];
  decisionLatency: DecisionLatency[];
  funnel: FunnelRow[];
  syncHealth: SyncHealth[];
}

/** How many of the oldest open sessions the report lists. */
export const OPEN_SESSIONS_SHOWN = 10;

/** How many rejection reasons per provider the report shows. */
export const REASONS_SHOWN = 8;
