import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { IdvDb } from '@idvkit/db';
import { loadReportData } from './load-report-data.js';
import { renderHtml } from './render-html.js';

/**
 * Writes the self-contained HTML report (inline CSS and SVG, nothing fetched when opened) of the `idv`
 * reporting views to `path`, creating its directory.
 */
export async function writeHtmlReport(
  db: IdvDb,
  path: string,
  generatedAt: Date = new Date(),
): Promise<void> {
  const html = renderHtml(await loadReportData(db), generatedAt);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, html, 'utf8');
}
