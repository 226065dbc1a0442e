import type { IdvDb } from '@idvkit/db';
import { sql } from 'kysely';
import { ConfigError } from '../config/config-error.js';
import { REPORT_NAMES, REPORTS, type ReportDefinition } from './reports.js';

/** Filters of `idvkit report`. */
export interface ReportFilters {
  since?: Date;
  provider?: string;
  flow?: string;
}

/** Looks a report up by name; an unknown name is a usage error listing the names. */
export function findReport(name: string): ReportDefinition {
  const report = REPORTS.find((r) => r.name === name);
  if (!report)
    throw new ConfigError(`report: expected one of ${REPORT_NAMES.join(', ')}, received "${name}"`);
  return report;
}

/** Checks that a report can apply the filters: an unsupported filter is a usage error, never silently ignored. */
export function checkFilters(name: string, filters: ReportFilters): ReportDefinition {
  const report = findReport(name);
  if (filters.since && !report.sinceColumn) throw unsupported(report, '--since');
  if (filters.flow && !report.flowColumn) throw unsupported(report, '--flow');
  return report;
}

/** Runs a report with its filters. */
export async function runReport(
  db: IdvDb,
  name: string,
  filters: ReportFilters,
): Promise<Array<Record<string, unknown>>> {
  const report = checkFilters(name, filters);
  const where = [sql`true`];
  if (filters.provider) where.push(sql`${sql.ref(report.providerColumn)} = ${filters.provider}`);
  if (filters.flow) where.push(sql`${sql.ref(report.flowColumn!)} = ${filters.flow}`);
  if (filters.since) where.push(sql`${sql.ref(report.sinceColumn!)} >= ${filters.since.toISOString()}`);
  const limit = report.limit ? sql` LIMIT ${sql.lit(report.limit)}` : sql``;
  const result = await sql<Record<string, unknown>>`SELECT * FROM ${sql.raw(report.from)} WHERE ${sql.join(
    where,
    sql` AND `,
  )} ORDER BY ${sql.raw(report.orderBy)}${limit}`.execute(db);
  return result.rows;
}

function unsupported(report: ReportDefinition, flag: string): ConfigError {
  const supported = [
    '--provider',
    report.sinceColumn ? '--since' : '',
    report.flowColumn ? '--flow' : '',
  ].filter(Boolean);
  return new ConfigError(
    `${flag}: the ${report.name} report cannot be filtered by it (it supports ${supported.join(', ')})`,
  );
}
