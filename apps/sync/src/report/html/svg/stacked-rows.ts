import { formatPercent } from '../format.js';
import { bar, FONT_SIZE, px, seriesGroup, svgRoot, text, textWidth } from './svg-kit.js';

/** One row of a 100 % stacked bar chart. */
export interface StackedRow {
  label: string;
  /** One value per series, in series order. */
  values: number[];
}

/** Horizontal 100 % stacked bars: one row per item, segments proportional to each series' share. */
export interface StackedRowsSpec {
  chart: string;
  label: string;
  series: Array<{ name: string; color: string }>;
  rows: StackedRow[];
  /** Tooltip with the exact value of one segment. */
  segmentTitle: (row: StackedRow, series: string, value: number, total: number) => string;
  /** Printed right of each row (e.g. its total). */
  rowNote: (row: StackedRow, total: number) => string;
  /** Printed inside a segment when it fits. */
  segmentLabel: (value: number) => string;
  width?: number;
}

const ROW_HEIGHT = 26;
const BAR_HEIGHT = 18;
const NOTE_ROOM = 110;
const AXIS_HEIGHT = 22;

/** Renders horizontal 100 % stacked rows as an inline SVG; zero-valued segments are not drawn. */
export function stackedRows(spec: StackedRowsSpec): string {
  const width = spec.width ?? 900;
  const left = Math.ceil(Math.max(60, ...spec.rows.map((r) => textWidth(r.label))) + 16);
  const plotWidth = width - left - NOTE_ROOM;
  const labels: string[] = [];
  const bySeries = spec.series.map(() => [] as string[]);

  spec.rows.forEach((row, r) => {
    const total = row.values.reduce((a, b) => a + b, 0);
    const y = 4 + r * ROW_HEIGHT;
    const mid = y + ROW_HEIGHT / 2;
    labels.push(text(left - 8, mid, row.label, 'text-anchor="end" dominant-baseline="middle"'));
    labels.push(
      text(left + plotWidth + 8, mid, spec.rowNote(row, total), 'class="value" dominant-baseline="middle"'),
    );
    let x = left;
    spec.series.forEach((s, i) => {
      const value = row.values[i] ?? 0;
      if (value <= 0 || total <= 0) return;
      const w = (value / total) * plotWidth;
      bySeries[i]!.push(
        bar(
          x,
          y + (ROW_HEIGHT - BAR_HEIGHT) / 2,
          w,
          BAR_HEIGHT,
          s.color,
          spec.segmentTitle(row, s.name, value, total),
        ),
      );
      const inside = spec.segmentLabel(value);
      if (textWidth(inside, 11) + 6 <= w) {
        labels.push(
          text(x + w / 2, mid, inside, 'class="inside" text-anchor="middle" dominant-baseline="middle"'),
        );
      }
      x += w;
    });
  });

  const plotBottom = 4 + spec.rows.length * ROW_HEIGHT + 2;
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => {
      const x = left + t * plotWidth;
      return `<line class="grid" x1="${px(x)}" x2="${px(x)}" y1="0" y2="${px(plotBottom)}"/>${text(
        x,
        plotBottom + FONT_SIZE + 4,
        formatPercent(t),
        'class="tick" text-anchor="middle"',
      )}`;
    })
    .join('');
  const series = spec.series.map((s, i) => seriesGroup(s.name, bySeries[i]!.join(''))).join('');
  return svgRoot(
    spec.chart,
    spec.label,
    width,
    plotBottom + AXIS_HEIGHT,
    `<g class="axis">${grid}</g>${series}<g class="labels">${labels.join('')}</g>`,
  );
}
