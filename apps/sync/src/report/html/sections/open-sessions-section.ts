import { escapeHtml } from '../escape-html.js';
import { formatDuration, formatUtc } from '../format.js';
import { OPEN_SESSIONS_SHOWN, type OpenSession } from '../report-data.js';
import { section } from './section.js';

const HEAD =
  '<thead><tr><th>Provider</th><th>Connection</th><th>Session</th><th>Flow</th><th>Status</th>' +
  '<th>Created</th><th class="num">Open for</th></tr></thead>';

function row(s: OpenSession): string {
  const cells = [
    s.provider,
    s.connection,
    s.sessionId,
    s.flowName ?? '(no flow)',
    s.status,
    s.createdAt === null ? 'unknown' : formatUtc(new Date(s.createdAt)),
  ].map((c) => `<td>${escapeHtml(c)}</td>`);
  cells.push(
    `<td class="num">${s.ageSeconds === null ? 'n/a' : escapeHtml(formatDuration(s.ageSeconds))}</td>`,
  );
  return `<tr data-session="${escapeHtml(s.sessionId)}">${cells.join('')}</tr>`;
}

/** Section: the oldest sessions of the period that are still open (not terminal, not deleted). */
export function openSessionsSection(rows: OpenSession[]): string {
  return section({
    id: 'open-sessions',
    title: 'Oldest open sessions',
    explanation: `The ${OPEN_SESSIONS_SHOWN} oldest sessions created in the period that are not finished yet, oldest first: what may be stuck.`,
    body:
      rows.length === 0
        ? null
        : `<table class="health" data-table="open-sessions">${HEAD}<tbody>${rows.map(row).join('')}</tbody></table>`,
    emptyHint: 'every session of the period is finished',
  });
}
