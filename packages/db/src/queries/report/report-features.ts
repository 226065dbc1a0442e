import { sql } from 'kysely';
import type { IdvDb } from '../../database.js';

/** What the database offers the reports beyond the base schema (both come with migration 008). */
export interface ReportFeatures {
  /** `idv.flows`: flow names. */
  flowCatalogue: boolean;
  /** `idv.v_rejection_reasons`: normalized rejection reasons. */
  rejectionReasons: boolean;
}

/** Looks the optional relations up by name, so reports work on databases before and after migration 008. */
export async function readReportFeatures(db: IdvDb): Promise<ReportFeatures> {
  const { rows } = await sql<{ flows: boolean; reasons: boolean }>`
    SELECT to_regclass('idv.flows') IS NOT NULL AS flows,
      to_regclass('idv.v_rejection_reasons') IS NOT NULL AS reasons`.execute(db);
  return { flowCatalogue: rows[0]?.flows === true, rejectionReasons: rows[0]?.reasons === true };
}
