import {
  checkResultsRows,
  dailyOutcomesRows,
  decisionLatencyRows,
  funnelRows,
  type IdvDb,
  openSessionsRows,
  outcomesRows,
  type ReportContext,
  type ReportRow,
  rejectionReasonRows,
  syncHealthRows,
} from '@idvkit/db';

/** A named report: its query and the filters it cannot apply. */
export interface ReportDefinition {
  name: string;
  description: string;
  run: (db: IdvDb, ctx: ReportContext) => Promise<ReportRow[]>;
  /** Filter flags this report cannot apply (asking for them is a usage error). */
  unsupported?: ReadonlyArray<'--flow'>;
  /** The report needs `idv.v_rejection_reasons` (migration 008). */
  needsRejectionReasons?: boolean;
}

/**
 * The reports `idvkit report <name>` prints. Each applies the documented view's definition (docs/reporting.md)
 * to the sessions created in the period (`--since`/`--until`), of the provider, connection and flow asked for.
 */
export const REPORTS: readonly ReportDefinition[] = [
  {
    name: 'outcomes',
    description: 'per provider: sessions, outcomes, approval, review and completion rates',
    run: outcomesRows,
  },
  {
    name: 'daily-outcomes',
    description: 'per day (UTC), provider and flow: sessions, outcomes and rates',
    run: dailyOutcomesRows,
  },
  {
    name: 'check-results',
    description: 'per provider and check type: results and pass rate',
    run: checkResultsRows,
  },
  {
    name: 'decision-latency',
    description: 'per provider and flow: p50/p90/p99 seconds from creation to completion',
    run: decisionLatencyRows,
  },
  {
    name: 'funnel',
    description: 'per provider and flow: sessions by normalized status',
    run: funnelRows,
  },
  {
    name: 'rejection-reasons',
    description: 'per provider and reason code: rejected sessions, most frequent first',
    run: (db, ctx) => rejectionReasonRows(db, ctx),
    needsRejectionReasons: true,
  },
  {
    name: 'open-sessions',
    description: 'sessions not yet terminal, oldest first (what is stuck; at most 100)',
    run: (db, ctx) => openSessionsRows(db, ctx, 100),
  },
  {
    name: 'sync-health',
    description: 'per provider and connection: last run, last success, sessions synced, quarantined errors',
    run: syncHealthRows,
    unsupported: ['--flow'],
  },
];

export const REPORT_NAMES = REPORTS.map((r) => r.name);
