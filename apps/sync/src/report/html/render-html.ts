import { escapeHtml } from './escape-html.js';
import { formatUtc } from './format.js';
import type { ReportData } from './report-data.js';
import { checkPassRateSection } from './sections/check-pass-rate-section.js';
import { definitionsSection } from './sections/definitions-section.js';
import { funnelSection } from './sections/funnel-section.js';
import { headlineSection } from './sections/headline-section.js';
import { latencySection } from './sections/latency-section.js';
import { openSessionsSection } from './sections/open-sessions-section.js';
import { outcomesSection } from './sections/outcomes-section.js';
import { rejectionReasonsSection } from './sections/rejection-reasons-section.js';
import { syncHealthSection } from './sections/sync-health-section.js';
import { STYLES } from './styles.js';

const NAV: Array<[string, string]> = [
  ['headlines', 'Headlines'],
  ['definitions', 'Definitions'],
  ['outcomes', 'Volumes'],
  ['rejection-reasons', 'Rejection reasons'],
  ['open-sessions', 'Open sessions'],
  ['check-pass-rate', 'Checks'],
  ['latency', 'Latency'],
  ['funnel', 'Funnel'],
  ['sync-health', 'Sync health'],
];

/**
 * Renders the self-contained HTML report: inline CSS and inline SVG charts, no scripts and no external
 * resources. Pure and deterministic: the same data and `generatedAt` give the same string.
 */
export function renderHtml(data: ReportData, generatedAt: Date): string {
  const generated = formatUtc(generatedAt);
  const { meta } = data;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="idvkit">
<title>idvkit report — ${escapeHtml(meta.period)}</title>
<style>${STYLES}</style>
</head>
<body>
<header>
<h1>Identity verification report</h1>
<dl class="scope">
<dt>Period</dt><dd data-meta="period">${escapeHtml(meta.period)}</dd>
${meta.filters ? `<dt>Filters</dt><dd data-meta="filters">${escapeHtml(meta.filters)}</dd>\n` : ''}<dt>Database</dt><dd data-meta="database">${escapeHtml(meta.database)}</dd>
<dt>Generated</dt><dd data-meta="generated">${escapeHtml(generated)} by idvkit</dd>
</dl>
<nav>${NAV.map(([id, name]) => `<a href="#${id}">${escapeHtml(name)}</a>`).join('')}</nav>
</header>
<main>
${headlineSection(data.headlines, meta.previousPeriod)}
${definitionsSection()}
${outcomesSection(data.weeklyOutcomes)}
${rejectionReasonsSection(data.rejectionReasons)}
${openSessionsSection(data.openSessions)}
${checkPassRateSection(data.checkPassRates)}
${latencySection(data.decisionLatency)}
${funnelSection(data.funnel)}
${syncHealthSection(data.syncHealth)}
</main>
<footer>Self-contained: open it offline, print it, or attach it. Hover a bar for its exact value.</footer>
</body>
</html>
`;
}
