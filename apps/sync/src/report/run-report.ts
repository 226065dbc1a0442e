import { type IdvDb, type ReportFilter, type ReportRow, readReportFeatures } from '@idvkit/db';
import { ConfigError } from '../config/config-error.js';
import { REPORT_NAMES, REPORTS, type ReportDefinition } from './reports.js';

/** Looks a report up by name; an unknown name is a usage error listing the names. */
export function findReport(name: string): ReportDefinition {
  const report = REPORTS.find((r) => r.name === name);
  if (!report)
    throw new ConfigError(`report: expected one of ${REPORT_NAMES.join(', ')}, received "${name}"`);
  return report;
}

/** Checks that a report can apply the filters: an unsupported filter is a usage error, never silently ignored. */
export function checkFilters(name: string, filter: ReportFilter): ReportDefinition {
  const report = findReport(name);
  if (filter.flow !== undefined && report.unsupported?.includes('--flow')) {
    throw new ConfigError(
      `--flow: the ${report.name} report cannot be filtered by it (it supports --since, --until, --provider, --connection)`,
    );
  }
  return report;
}

/** Runs a report with its filter, on whatever optional relations (flow names, reasons) the database has. */
export async function runReport(db: IdvDb, name: string, filter: ReportFilter): Promise<ReportRow[]> {
  const report = checkFilters(name, filter);
  const features = await readReportFeatures(db);
  if (report.needsRejectionReasons && !features.rejectionReasons) {
    throw new ConfigError(
      `${report.name}: expected a database with idv.v_rejection_reasons (migration 008), received one without it; upgrade idvkit and run idvkit migrate`,
    );
  }
  return report.run(db, { filter, flowCatalogue: features.flowCatalogue });
}
