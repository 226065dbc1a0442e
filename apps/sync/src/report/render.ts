import type { IdvDb, ReportFilter } from '@idvkit/db';
import { formatTable } from '../output/table.js';
import { describeFilters, describePeriod } from './report-scope.js';
import { findReport, runReport } from './run-report.js';

export type ReportFormat = 'table' | 'csv' | 'json';

/**
 * A report as text in the chosen format. The table is titled and states the period, the other filters and the
 * database; JSON is `{report, period, filters, database, rows}`; CSV is the rows only (a header row, then data),
 * so spreadsheets read it as is.
 */
export async function renderReport(
  db: IdvDb,
  name: string,
  filter: ReportFilter,
  format: ReportFormat,
  database: string,
): Promise<string> {
  const rows = await runReport(db, name, filter);
  if (format === 'csv') return toCsv(rows);
  const period = describePeriod(filter);
  if (format === 'json') {
    const filters = {
      since: filter.since?.toISOString() ?? null,
      until: filter.until?.toISOString() ?? null,
      provider: filter.provider ?? null,
      connection: filter.connection ?? null,
      flow: filter.flow ?? null,
    };
    return `${JSON.stringify({ report: name, period, filters, database, rows })}\n`;
  }
  const others = describeFilters(filter);
  return (
    `${name} — ${findReport(name).description}\n` +
    `period: ${period}${others ? ` · ${others}` : ''} · database: ${database}\n` +
    formatTable(rows)
  );
}

function toCsv(rows: Array<Record<string, unknown>>): string {
  if (rows.length === 0) return '';
  const cols = Object.keys(rows[0]!);
  const esc = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${[cols.join(','), ...rows.map((r) => cols.map((c) => esc(r[c])).join(','))].join('\n')}\n`;
}
