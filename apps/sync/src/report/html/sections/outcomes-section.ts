import { escapeHtml } from '../escape-html.js';
import { formatCount, plural } from '../format.js';
import { OUTCOME_COLORS } from '../palette.js';
import { OUTCOMES, type WeeklyOutcomes } from '../report-data.js';
import { stackedBars } from '../svg/stacked-bars.js';
import { countTicks } from '../svg/ticks.js';
import { distinct, legend, section } from './section.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEK_MS = 7 * 86_400_000;

/** Every Monday from the first to the last week present, so all providers share one time axis. */
export function weekRange(weeks: string[]): string[] {
  if (weeks.length === 0) return [];
  const sorted = [...weeks].sort();
  const first = Date.parse(`${sorted[0]}T00:00:00Z`);
  const last = Date.parse(`${sorted[sorted.length - 1]}T00:00:00Z`);
  const out: string[] = [];
  for (let t = first; t <= last; t += WEEK_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

function shortDate(isoDay: string): string {
  const [, month, day] = isoDay.split('-');
  return `${MONTHS[Number(month) - 1]} ${Number(day)}`;
}

/** Volumes: weekly outcomes, one small stacked-bar chart per provider, all on one y-scale. */
export function outcomesSection(rows: WeeklyOutcomes[]): string {
  const weeks = weekRange(rows.map((r) => r.week));
  // One y-scale for every provider, so bars of the same height are the same volume.
  const ticks = countTicks(Math.max(0, ...rows.map((r) => OUTCOMES.reduce((sum, o) => sum + r[o], 0))), 4);
  const charts = distinct(rows.map((r) => r.provider)).map((provider) => {
    const mine = new Map(rows.filter((r) => r.provider === provider).map((r) => [r.week, r]));
    const total = [...mine.values()].reduce((sum, r) => sum + r.sessions, 0);
    const svg = stackedBars({
      chart: 'outcomes',
      label: `Weekly outcomes for ${provider}`,
      attributes: `data-provider="${escapeHtml(provider)}"`,
      categories: weeks.map(shortDate),
      series: OUTCOMES.map((o) => ({
        name: o,
        color: OUTCOME_COLORS[o],
        values: weeks.map((w) => mine.get(w)?.[o] ?? 0),
      })),
      ticks,
      tickLabel: formatCount,
      segmentTitle: (series, i, value) => `${provider}, week of ${weeks[i]}: ${formatCount(value)} ${series}`,
    });
    return (
      `<figure class="multiple"><figcaption><strong>${escapeHtml(provider)}</strong> · ` +
      `${plural(total, 'session')}</figcaption>${svg}</figure>`
    );
  });
  return section({
    id: 'outcomes',
    title: 'Volumes and outcomes',
    explanation:
      'Sessions created per week of the period (weeks start on Monday, UTC), stacked by normalized outcome; one chart per provider, all on the same scale.',
    body:
      charts.length === 0
        ? null
        : `${legend(OUTCOMES.map((o) => ({ name: o, color: OUTCOME_COLORS[o] })))}<div class="multiples">${charts.join('')}</div>`,
    emptyHint: 'run idvkit sync to load sessions',
  });
}
