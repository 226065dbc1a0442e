import { bar, FONT_SIZE, px, seriesGroup, svgRoot, text, textWidth } from './svg-kit.js';
import type { Ticks } from './ticks.js';

/** One bar of a row; `value` null draws no bar, only its label. */
export interface HorizontalBar {
  series: string;
  value: number | null;
  /** Tooltip with the exact value. */
  title: string;
  /** Printed at the end of the bar. */
  label: string;
}

/** A row: a label on the left and one bar per series. */
export interface BarRow {
  label: string;
  bars: HorizontalBar[];
}

/** Rows under an optional heading (e.g. a provider). */
export interface BarSection {
  heading?: string;
  rows: BarRow[];
}

/** A horizontal bar chart, optionally grouped (sections) and with several series per row. */
export interface BarChartSpec {
  chart: string;
  label: string;
  /** Series in drawing order, each one `<g data-series>`. */
  series: Array<{ name: string; color: string }>;
  sections: BarSection[];
  ticks: Ticks;
  tickLabel: (value: number) => string;
  width?: number;
}

const BAR_HEIGHT = 12;
const SINGLE_BAR_HEIGHT = 16;
const ROW_GAP = 8;
const HEADING_HEIGHT = 24;
const AXIS_HEIGHT = 22;

/** Renders horizontal bars as an inline SVG; every bar is a `<rect>` with a `<title>` in its series' group. */
export function barChart(spec: BarChartSpec): string {
  const width = spec.width ?? 900;
  const rowLabels = spec.sections.flatMap((s) => s.rows.map((r) => r.label));
  const left = Math.ceil(Math.max(60, ...rowLabels.map((l) => textWidth(l))) + 16);
  // Room right of the longest bar for the widest value label, so no label runs off the chart.
  const valueLabels = spec.sections.flatMap((s) => s.rows.flatMap((r) => r.bars.map((b) => b.label)));
  const labelRoom = Math.ceil(Math.max(40, ...valueLabels.map((l) => textWidth(l))) + 12);
  const plotWidth = width - left - labelRoom;
  const bottom = spec.ticks.bottom ?? 0;
  const scale = (v: number) => (Math.max(0, v - bottom) / (spec.ticks.top - bottom)) * plotWidth;
  const barsPerRow = Math.max(1, ...spec.sections.flatMap((s) => s.rows.map((r) => r.bars.length)));
  const barHeight = barsPerRow === 1 ? SINGLE_BAR_HEIGHT : BAR_HEIGHT;
  const rowHeight = barsPerRow * barHeight + ROW_GAP;

  const bySeries = new Map(spec.series.map((s) => [s.name, [] as string[]]));
  const color = new Map(spec.series.map((s) => [s.name, s.color]));
  const labels: string[] = [];
  let y = 6;
  for (const section of spec.sections) {
    if (section.heading !== undefined) {
      labels.push(text(0, y + 16, section.heading, 'class="heading"'));
      y += HEADING_HEIGHT;
    }
    for (const row of section.rows) {
      labels.push(
        text(left - 8, y + rowHeight / 2, row.label, 'text-anchor="end" dominant-baseline="middle"'),
      );
      row.bars.forEach((b, i) => {
        const barY = y + ROW_GAP / 2 + i * barHeight;
        const w = b.value === null ? 0 : scale(b.value);
        if (b.value !== null) {
          bySeries
            .get(b.series)
            ?.push(bar(left, barY + 1, w, barHeight - 2, color.get(b.series) ?? '#888', b.title));
        }
        labels.push(
          text(left + w + 4, barY + barHeight / 2, b.label, 'class="value" dominant-baseline="middle"'),
        );
      });
      y += rowHeight;
    }
  }
  const plotBottom = y + 2;
  const grid = spec.ticks.values
    .map((t) => {
      const x = left + scale(t);
      return `<line class="grid" x1="${px(x)}" x2="${px(x)}" y1="0" y2="${px(plotBottom)}"/>${text(
        x,
        plotBottom + FONT_SIZE + 4,
        spec.tickLabel(t),
        'class="tick" text-anchor="middle"',
      )}`;
    })
    .join('');
  const series = spec.series.map((s) => seriesGroup(s.name, bySeries.get(s.name)!.join(''))).join('');
  // A zoomed axis is marked with a break (two slashes) where 0 would be.
  const zoomMark =
    bottom > 0
      ? `<g class="zoom-mark" data-zoom="${px(bottom)}"><path d="M${px(left - 4)} ${px(plotBottom + 2)} l5 -9 M${px(left + 1)} ${px(plotBottom + 2)} l5 -9" stroke="#57606a" stroke-width="1.5" fill="none"/></g>`
      : '';
  const height = plotBottom + AXIS_HEIGHT;
  return svgRoot(
    spec.chart,
    spec.label,
    width,
    height,
    `<g class="axis">${grid}${zoomMark}</g>${series}<g class="labels">${labels.join('')}</g>`,
  );
}
