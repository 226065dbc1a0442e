import { sql } from 'kysely';
import type { IdvDb } from '../../database.js';
import { filterCondition, type ReportContext } from './report-filter.js';
import type { ReportRow } from './report-rows.js';

/**
 * Per provider and reason code, the rejected sessions of `idv.v_rejection_reasons` (migration 008) in the
 * filter, most frequent first. The view counts by UTC day, so a day belongs to the period when its start does.
 */
export async function rejectionReasonRows(
  db: IdvDb,
  ctx: ReportContext,
  limit?: number,
): Promise<ReportRow[]> {
  const { rows } = await sql<ReportRow>`
    SELECT r.provider, r.reason_code, sum(r.sessions) AS sessions
    FROM (SELECT v.*, (v.day::timestamp AT TIME ZONE 'UTC') AS day_start FROM idv.v_rejection_reasons v) r
    WHERE ${filterCondition(ctx, { time: 'r.day_start', provider: 'r.provider', connection: 'r.connection', flowId: 'r.flow_id' })}
    GROUP BY r.provider, r.reason_code
    ORDER BY sum(r.sessions) DESC, r.provider COLLATE "C", r.reason_code COLLATE "C"
    ${limit === undefined ? sql`` : sql`LIMIT ${sql.lit(limit)}`}`.execute(db);
  return rows;
}
