import { sql } from 'kysely';
import type { IdvDb } from '../../database.js';
import { DECISION_SECONDS, MEASURED, OUTCOME_COLUMNS } from './outcome-counts.js';
import { filterCondition, type ReportContext, sessionColumns } from './report-filter.js';
import type { ReportRow } from './report-rows.js';

const MEASURED_SECONDS = sql`CASE WHEN ${MEASURED} THEN ${DECISION_SECONDS} END`;

/**
 * The headline figures per provider for the sessions in the filter: the outcome counts and rates of
 * {@link OUTCOME_COLUMNS}, and the median and 90th percentile of the time to decision (`decided_sessions`
 * measured, as `v_decision_latency` measures them).
 */
export async function headlineRows(db: IdvDb, ctx: ReportContext): Promise<ReportRow[]> {
  const { rows } = await sql<ReportRow>`
    SELECT s.provider, ${OUTCOME_COLUMNS},
      count(${MEASURED_SECONDS}) AS decided_sessions,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ${MEASURED_SECONDS}) AS p50_seconds,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY ${MEASURED_SECONDS}) AS p90_seconds
    FROM idv.sessions s WHERE ${filterCondition(ctx, sessionColumns('s'))}
    GROUP BY s.provider ORDER BY s.provider COLLATE "C"`.execute(db);
  return rows;
}
