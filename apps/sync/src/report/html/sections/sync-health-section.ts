import { escapeHtml } from '../escape-html.js';
import { formatCount, formatUtc } from '../format.js';
import type { SyncHealth } from '../report-data.js';
import { section } from './section.js';

function when(iso: string | null): string {
  return iso === null ? 'never' : formatUtc(new Date(iso));
}

const HEAD =
  '<thead><tr><th>Provider</th><th>Connection</th><th>Last run</th><th>Last run status</th><th>Last successful run</th>' +
  '<th class="num">Sessions synced</th><th class="num">Open sessions</th><th class="num">Quarantined (last run)</th></tr></thead>';

function row(r: SyncHealth): string {
  const status = r.lastRunStatus ?? 'none';
  const cells = [
    `<td>${escapeHtml(r.provider)}</td>`,
    `<td>${escapeHtml(r.connection)}</td>`,
    `<td>${escapeHtml(when(r.lastRunAt))}</td>`,
    `<td><span class="status status-${escapeHtml(status.replace(/[^a-z_]/gi, ''))}">${escapeHtml(status)}</span></td>`,
    `<td>${escapeHtml(when(r.lastSuccessAt))}</td>`,
    `<td class="num">${formatCount(r.sessionsSynced)}</td>`,
    `<td class="num">${formatCount(r.openSessions)}</td>`,
    `<td class="num${r.quarantinedErrors > 0 ? ' warn' : ''}">${formatCount(r.quarantinedErrors)}</td>`,
  ];
  return `<tr data-provider="${escapeHtml(r.provider)}" data-connection="${escapeHtml(r.connection)}">${cells.join('')}</tr>`;
}

/** Sync health per connection as a table. */
export function syncHealthSection(rows: SyncHealth[]): string {
  return section({
    id: 'sync-health',
    title: 'Sync health',
    explanation:
      'Now, whatever the period: per connection, the last sync run and how it ended, when a run last succeeded, sessions synced and still open, and records the last run quarantined.',
    body:
      rows.length === 0
        ? null
        : `<table class="health" data-table="sync-health">${HEAD}<tbody>${rows.map(row).join('')}</tbody></table>`,
    emptyHint: 'no sync has run yet',
  });
}
