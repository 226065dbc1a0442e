import { bar, FONT_SIZE, px, seriesGroup, svgRoot, text, textWidth } from './svg-kit.js';
import type { Ticks } from './ticks.js';

/** Vertical stacked bars: one column per category, one stacked segment per series. */
export interface StackedBarsSpec {
  chart: string;
  label: string;
  /** Extra attributes for the `<svg>`, e.g. `data-provider="idnow"` (already escaped). */
  attributes?: string;
  /** Column labels (x axis). */
  categories: string[];
  /** Series bottom to top; `values[i]` belongs to `categories[i]`. */
  series: Array<{ name: string; color: string; values: number[] }>;
  ticks: Ticks;
  tickLabel: (value: number) => string;
  /** Tooltip with the exact value of one segment. */
  segmentTitle: (series: string, categoryIndex: number, value: number) => string;
  width?: number;
  height?: number;
}

const TOP = 8;
const BOTTOM = 24;
const RIGHT = 8;

/** Renders vertical stacked bars as an inline SVG; zero-valued segments are not drawn. */
export function stackedBars(spec: StackedBarsSpec): string {
  const width = spec.width ?? 420;
  const height = spec.height ?? 200;
  const left = Math.ceil(Math.max(...spec.ticks.values.map((t) => textWidth(spec.tickLabel(t)))) + 10);
  const plotWidth = width - left - RIGHT;
  const plotHeight = height - TOP - BOTTOM;
  const n = Math.max(1, spec.categories.length);
  const band = plotWidth / n;
  const barWidth = Math.max(1, Math.min(40, band * 0.72));
  const scale = (v: number) => (v / spec.ticks.top) * plotHeight;
  const baseline = TOP + plotHeight;

  const stackTop = new Array<number>(n).fill(0);
  const series = spec.series
    .map((s) => {
      const rects = s.values.map((value, i) => {
        const y0 = stackTop[i]!;
        stackTop[i] = y0 + value;
        if (value <= 0) return '';
        const x = left + i * band + (band - barWidth) / 2;
        return bar(
          x,
          baseline - scale(y0 + value),
          barWidth,
          scale(value),
          s.color,
          spec.segmentTitle(s.name, i, value),
        );
      });
      return seriesGroup(s.name, rects.join(''));
    })
    .join('');

  const grid = spec.ticks.values
    .map((t) => {
      const y = baseline - scale(t);
      return `<line class="grid" x1="${px(left)}" x2="${px(width - RIGHT)}" y1="${px(y)}" y2="${px(y)}"/>${text(
        left - 6,
        y,
        spec.tickLabel(t),
        'class="tick" text-anchor="end" dominant-baseline="middle"',
      )}`;
    })
    .join('');
  // Label every k-th column so labels never overlap.
  const labelWidth = Math.max(1, ...spec.categories.map((c) => textWidth(c))) + 8;
  const every = Math.max(1, Math.ceil(labelWidth / band));
  const xLabels = spec.categories
    .map((c, i) =>
      i % every === 0
        ? text(left + i * band + band / 2, baseline + FONT_SIZE + 6, c, 'class="tick" text-anchor="middle"')
        : '',
    )
    .join('');
  return svgRoot(
    spec.chart,
    spec.label,
    width,
    height,
    `<g class="axis">${grid}${xLabels}</g>${series}`,
    spec.attributes,
  );
}
