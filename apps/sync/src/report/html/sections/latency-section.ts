import { formatCount, formatDuration, formatSeconds, plural } from '../format.js';
import { PERCENTILE_COLORS } from '../palette.js';
import type { DecisionLatency } from '../report-data.js';
import { barChart } from '../svg/bar-chart.js';
import { durationTicks } from '../svg/ticks.js';
import { distinct, legend, section } from './section.js';

const PERCENTILES = ['p50', 'p90', 'p99'] as const;

function seconds(row: DecisionLatency, p: (typeof PERCENTILES)[number]): number | null {
  return p === 'p50' ? row.p50Seconds : p === 'p90' ? row.p90Seconds : row.p99Seconds;
}

/** The flow as shown: its name (else id), or a note for providers without flows. */
export function flowLabel(row: Pick<DecisionLatency, 'flowId' | 'flowName'>): string {
  return row.flowName ?? row.flowId ?? '(no flow)';
}

/** Section 3: decision latency percentiles per provider and flow (grouped bars, human time units). */
export function latencySection(rows: DecisionLatency[]): string {
  const max = Math.max(0, ...rows.flatMap((r) => PERCENTILES.map((p) => seconds(r, p) ?? 0)));
  const series = PERCENTILES.map((p) => ({ name: p, color: PERCENTILE_COLORS[p] }));
  const body =
    rows.length === 0
      ? null
      : legend(series) +
        barChart({
          chart: 'latency',
          label: 'Decision latency percentiles by provider and flow',
          series,
          sections: distinct(rows.map((r) => r.provider)).map((provider) => ({
            heading: provider,
            rows: rows
              .filter((r) => r.provider === provider)
              .map((r) => ({
                label: `${flowLabel(r)} (${formatCount(r.completed)})`,
                bars: PERCENTILES.map((p) => {
                  const value = seconds(r, p);
                  return {
                    series: p,
                    value,
                    title:
                      value === null
                        ? `${provider} ${flowLabel(r)} ${p}: n/a`
                        : `${provider} ${flowLabel(r)} ${p}: ${formatDuration(value)} (${formatSeconds(value)} s, ` +
                          `${plural(r.completed, 'completed session')})`,
                    label: value === null ? 'n/a' : formatDuration(value),
                  };
                }),
              })),
          })),
          ticks: durationTicks(max),
          tickLabel: formatDuration,
        });
  return section({
    id: 'latency',
    title: 'Decision latency',
    explanation:
      'Time to decision of the completed sessions created in the period: 50th, 90th and 99th percentiles per provider and flow (completed sessions in brackets).',
    body,
    emptyHint: 'no completed sessions yet',
  });
}
