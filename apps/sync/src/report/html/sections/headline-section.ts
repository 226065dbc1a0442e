import { escapeHtml } from '../escape-html.js';
import {
  formatCount,
  formatCountChange,
  formatDuration,
  formatDurationChange,
  formatPercent,
  formatRateChange,
} from '../format.js';
import type { Headline, HeadlineFigures } from '../report-data.js';
import { section } from './section.js';

interface Metric {
  key: keyof HeadlineFigures;
  label: string;
  value: (v: number | null) => string;
  change: (now: number | null, before: number | null) => string;
}

const time = (v: number | null) => (v === null ? 'n/a' : formatDuration(v));

/** The headline metrics, in the order the report shows them. */
export const METRICS: readonly Metric[] = [
  {
    key: 'sessions',
    label: 'Sessions',
    value: (v) => formatCount(v ?? 0),
    change: (a, b) => formatCountChange(a ?? 0, b ?? 0),
  },
  { key: 'completionRate', label: 'Completion rate', value: formatPercent, change: formatRateChange },
  { key: 'approvalRate', label: 'Approval rate', value: formatPercent, change: formatRateChange },
  { key: 'reviewRate', label: 'Review rate', value: formatPercent, change: formatRateChange },
  { key: 'p50Seconds', label: 'Median time to decision', value: time, change: formatDurationChange },
  { key: 'p90Seconds', label: 'p90 time to decision', value: time, change: formatDurationChange },
];

function card(h: Headline): string {
  const rows = METRICS.map((m) => {
    const now = h.current[m.key];
    const before = h.previous ? h.previous[m.key] : null;
    const cells = [
      `<th>${escapeHtml(m.label)}</th>`,
      `<td class="num" data-value="now">${escapeHtml(m.value(now))}</td>`,
      h.previous
        ? `<td class="num" data-value="previous">${escapeHtml(m.value(before))}</td>` +
          `<td class="num" data-value="change">${escapeHtml(m.change(now, before))}</td>`
        : '',
    ];
    return `<tr data-metric="${m.key}">${cells.join('')}</tr>`;
  }).join('');
  const head = h.previous
    ? '<th></th><th class="num">This period</th><th class="num">Previous</th><th class="num">Change</th>'
    : '<th></th><th class="num">This period</th>';
  return (
    `<figure class="headline" data-headline="${escapeHtml(h.provider)}">` +
    `<figcaption><strong>${escapeHtml(h.provider)}</strong></figcaption>` +
    `<table class="figures"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></figure>`
  );
}

/** Section 0: per provider, the headline figures of the period beside the previous period and the change. */
export function headlineSection(headlines: Headline[], previousPeriod: string | null): string {
  const compared = previousPeriod
    ? `Each beside the previous period of equal length (${previousPeriod}) and the change; rates change in percentage points (pp).`
    : 'No previous period to compare with: give --since (and --until) to set the period.';
  return section({
    id: 'headlines',
    title: 'Headline figures',
    explanation: `Sessions created in the period, per provider. ${compared}`,
    body: headlines.length === 0 ? null : `<div class="multiples">${headlines.map(card).join('')}</div>`,
    emptyHint: 'no sessions were created in this period',
  });
}
