import { formatCount, formatPercent, plural } from '../format.js';
import { STATUS_COLORS } from '../palette.js';
import { FUNNEL_STATUSES, type FunnelRow } from '../report-data.js';
import { stackedRows } from '../svg/stacked-rows.js';
import { legend, section } from './section.js';

/** Section 4: the funnel, one 100 % stacked bar of sessions by normalized status per provider. */
export function funnelSection(rows: FunnelRow[]): string {
  const series = FUNNEL_STATUSES.map((s) => ({ name: s, color: STATUS_COLORS[s] }));
  const body =
    rows.length === 0
      ? null
      : legend(series) +
        stackedRows({
          chart: 'funnel',
          label: 'Sessions by status per provider',
          series,
          rows: rows.map((r) => ({ label: r.provider, values: FUNNEL_STATUSES.map((s) => r.statuses[s]) })),
          segmentTitle: (row, status, value, total) =>
            `${row.label} ${status}: ${formatCount(value)} of ${formatCount(total)} sessions (${formatPercent(value / total)})`,
          rowNote: (_row, total) => plural(total, 'session'),
          segmentLabel: formatCount,
        });
  return section({
    id: 'funnel',
    title: 'Funnel',
    explanation:
      'Where the sessions created in the period are now: the share of each provider’s sessions in each normalized status.',
    body,
    emptyHint: 'run idvkit sync to load sessions',
  });
}
