import type { IdvDb } from '@idvkit/db';
import { formatTable } from '../output/table.js';
import { findReport, type ReportFilters, runReport } from './run-report.js';

export type ReportFormat = 'table' | 'csv' | 'json';

/** A report as text in the chosen format (the table format is titled). */
export async function renderReport(
  db: IdvDb,
  name: string,
  filters: ReportFilters,
  format: ReportFormat,
): Promise<string> {
  const rows = await runReport(db, name, filters);
  if (format === 'json') return `${JSON.stringify(rows)}\n`;
  if (format === 'csv') return toCsv(rows);
  return `${name} — ${findReport(name).description}\n${formatTable(rows)}`;
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
