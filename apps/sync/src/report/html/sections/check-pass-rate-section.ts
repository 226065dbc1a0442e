import { formatCount, formatPercent } from '../format.js';
import { providerColor } from '../palette.js';
import type { CheckPassRate } from '../report-data.js';
import { barChart } from '../svg/bar-chart.js';
import { rateTicks } from '../svg/ticks.js';
import { distinct, section } from './section.js';

/** Section 2: pass rate by check type, grouped by provider (one series per provider). */
export function checkPassRateSection(rows: CheckPassRate[]): string {
  const providers = distinct(rows.map((r) => r.provider));
  const body =
    rows.length === 0
      ? null
      : barChart({
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
                      `${formatCount(r.none)} none, ${formatCount(r.unknown)} unknown (${formatCount(r.checks)} checks)`,
                    label: `${formatPercent(r.passRate)} of ${formatCount(r.checks)}`,
                  },
                ],
              })),
          })),
          ticks: rateTicks(),
          tickLabel: (v) => `${v * 100}%`,
        });
  return section({
    id: 'check-pass-rate',
    title: 'Check pass rate by type',
    explanation:
      'Passed checks as a share of decided ones (pass, fail or review) per provider and check type; the label gives all checks of the type.',
    body,
    emptyHint: 'no checks have been synced',
  });
}
