import { escapeHtml } from '../escape-html.js';

/** Font size (px) of chart text; the CSS sets the family. */
export const FONT_SIZE = 12;

/** A coordinate rounded to 0.01 px, so the markup is compact and stable. */
export function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** Approximate rendered width of a label (no DOM to measure with; a generous average glyph width). */
export function textWidth(text: string, size = FONT_SIZE): number {
  return text.length * size * 0.62;
}

/** `<text>` with escaped content. */
export function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${px(x)}" y="${px(y)}"${attrs ? ` ${attrs}` : ''}>${escapeHtml(content)}</text>`;
}

/** A bar: a `<rect>` with a `<title>` tooltip giving its exact value. */
export function bar(
  x: number,
  y: number,
  width: number,
  height: number,
  fill: string,
  title: string,
): string {
  return `<rect x="${px(x)}" y="${px(y)}" width="${px(width)}" height="${px(height)}" fill="${escapeHtml(fill)}"><title>${escapeHtml(title)}</title></rect>`;
}

/** The outer `<svg>` of a chart, tagged with `data-chart` (and extra attributes) for tests and styling. */
export function svgRoot(
  chart: string,
  label: string,
  width: number,
  height: number,
  body: string,
  extra = '',
): string {
  return (
    `<svg class="chart" data-chart="${escapeHtml(chart)}"${extra ? ` ${extra}` : ''}` +
    ` role="img" aria-label="${escapeHtml(label)}" width="${px(width)}" height="${px(height)}"` +
    ` viewBox="0 0 ${px(width)} ${px(height)}">${body}</svg>`
  );
}

/** A named series group: `<g data-series="name">`. */
export function seriesGroup(name: string, body: string): string {
  return `<g data-series="${escapeHtml(name)}">${body}</g>`;
}
