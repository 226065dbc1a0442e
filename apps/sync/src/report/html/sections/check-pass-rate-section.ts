import { formatCount, formatPercent, plural } from '../format.js';
import { providerColor } from '../palette.js';
import type { CheckPassRate } from '../report-data.js';
import { barChart } from '../svg/bar-chart.js';
import { zoomedRateTicks } from '../svg/ticks.js';
import { distinct, section } from './section.js';

/** Section 2: pass rate by check type, grouped by provider (one series per provider). */
export function checkPassRateSection(rows: CheckPassRate[]): string {
  const providers = distinct(rows.map((r) => r.provider));
  const rates = rows.map((r) => r.passRate).filter((r): r is number => r !== null);
  const ticks = zoomedRateTicks(Math.min(1, ...rates));
  const zoom =
    ticks.bottom !== undefined && ticks.bottom > 0
      ? `<p class="zoom-note" data-zoom="${ticks.bottom}">Axis zoomed to the data: it starts at ${formatPercent(ticks.bottom)}, not 0 (marked //).</p>`
      : '';
  const body =
    rows.length === 0
      ? null
      : zoom +
        barChart({
          chart: 'check-pass-rate',
          label: 'Check pass rate by check type and provider',
          series: providers.map((p) => ({ name: p, color: providerColor(providers, p) })),
          sections: providers.map((provider) => ({
            heading: provider,
            rows: rows
              .filter((r) => r.provider === provider)
              .map((r) => ({
                label: r.checkType,
                bars: [
                  {
                    series: provider,
                    value: r.passRate,
                    title:
                      `${provider} ${r.checkType}: pass rate ${formatPercent(r.passRate)} — ` +
                      `${formatCount(r.pass)} pass, ${formatCount(r.fail)} fail, ${formatCount(r.review)} review, ` +
                      `${formatCount(r.none)} none, ${formatCount(r.unknown)} unknown (${plural(r.checks, 'check')})`,
                    label: `${formatPercent(r.passRate)} of ${plural(r.checks, 'check')}`,
                  },
                ],
              })),
          })),
          ticks,
          tickLabel: formatPercent,
        });
  return section({
    id: 'check-pass-rate',
    title: 'Check pass rate by type',
    explanation:
      'Pass rate per provider and check type, for the checks of the sessions created in the period; the label gives all checks of the type.',
    body,
    emptyHint: 'no checks have been synced',
  });
}
