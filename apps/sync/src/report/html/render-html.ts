import { escapeHtml } from './escape-html.js';
import { formatCount, formatUtc } from './format.js';
import type { ReportData } from './report-data.js';
import { checkPassRateSection } from './sections/check-pass-rate-section.js';
import { funnelSection } from './sections/funnel-section.js';
import { latencySection } from './sections/latency-section.js';
import { outcomesSection } from './sections/outcomes-section.js';
import { syncHealthSection } from './sections/sync-health-section.js';
import { STYLES } from './styles.js';

const NAV: Array<[string, string]> = [
  ['outcomes', 'Outcomes'],
  ['check-pass-rate', 'Checks'],
  ['latency', 'Latency'],
  ['funnel', 'Funnel'],
  ['sync-health', 'Sync health'],
];

function summary(sessions: number, providers: number): string {
  if (sessions === 0) return 'No sessions synced yet.';
  return `${formatCount(sessions)} session${sessions === 1 ? '' : 's'} across ${formatCount(providers)} provider${providers === 1 ? '' : 's'}.`;
}

/**
 * Renders the self-contained HTML report: inline CSS and inline SVG charts, no scripts and no external
 * resources. Pure and deterministic: the same data and `generatedAt` give the same string.
 */
export function renderHtml(data: ReportData, generatedAt: Date): string {
  const sessions = data.funnel.reduce((sum, r) => sum + r.sessions, 0);
  const generated = formatUtc(generatedAt);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="idvkit">
<title>idvkit report — ${escapeHtml(generated)}</title>
<style>${STYLES}</style>
</head>
<body>
<header>
<h1>Identity verification report</h1>
<p class="meta">Generated ${escapeHtml(generated)} by idvkit from the <code>idv</code> reporting views.</p>
<p class="summary">${summary(sessions, data.funnel.length)}</p>
<nav>${NAV.map(([id, name]) => `<a href="#${id}">${escapeHtml(name)}</a>`).join('')}</nav>
</header>
<main>
${outcomesSection(data.weeklyOutcomes)}
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
