import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { IdvDb, ReportFilter } from '@idvkit/db';
import { loadReportData } from './load-report-data.js';
import { renderHtml } from './render-html.js';

/**
 * Writes the self-contained HTML report (inline CSS and SVG, nothing fetched when opened) of the sessions in
 * `filter` to `path`, creating its directory. `database` is printed as given (pass it without credentials).
 */
export async function writeHtmlReport(
  db: IdvDb,
  path: string,
  opts: { filter: ReportFilter; database: string; generatedAt?: Date },
): Promise<void> {
  const generatedAt = opts.generatedAt ?? new Date();
  const data = await loadReportData(db, { filter: opts.filter, database: opts.database, generatedAt });
  const html = renderHtml(data, generatedAt);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, html, 'utf8');
}
