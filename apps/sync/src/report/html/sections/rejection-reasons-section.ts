import { formatCount, plural } from '../format.js';
import { providerColor } from '../palette.js';
import { REASONS_SHOWN, type RejectionReason } from '../report-data.js';
import { barChart } from '../svg/bar-chart.js';
import { countTicks } from '../svg/ticks.js';
import { distinct, section } from './section.js';

/** Section: the most frequent normalized rejection reasons per provider (null: the database has none yet). */
export function rejectionReasonsSection(rows: RejectionReason[] | null): string {
  if (rows === null) {
    return section({
      id: 'rejection-reasons',
      title: 'Top rejection reasons',
      explanation: 'Rejected sessions by normalized reason code.',
      body: '<p class="empty">Not available: this database has no rejection reasons yet (they come with migration 008; upgrade idvkit and run idvkit migrate).</p>',
    });
  }
  const providers = distinct(rows.map((r) => r.provider));
  const max = Math.max(0, ...rows.map((r) => r.sessions));
  const body =
    rows.length === 0
      ? null
      : barChart({
          chart: 'rejection-reasons',
          label: 'Rejected sessions by reason code and provider',
          series: providers.map((p) => ({ name: p, color: providerColor(providers, p) })),
          sections: providers.map((provider) => ({
            heading: provider,
            rows: rows
              .filter((r) => r.provider === provider)
              .map((r) => ({
                label: r.reasonCode,
                bars: [
                  {
                    series: provider,
                    value: r.sessions,
                    title: `${provider} ${r.reasonCode}: ${plural(r.sessions, 'rejected session')}`,
                    label: formatCount(r.sessions),
                  },
                ],
              })),
          })),
          ticks: countTicks(max),
          tickLabel: formatCount,
        });
  return section({
    id: 'rejection-reasons',
    title: 'Top rejection reasons',
    explanation: `Rejected sessions of the period by normalized reason code, the ${REASONS_SHOWN} most frequent per provider.`,
    body,
    emptyHint: 'no session of the period was rejected with a reason',
  });
}
