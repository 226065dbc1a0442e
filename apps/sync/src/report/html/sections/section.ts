import { escapeHtml } from '../escape-html.js';

/** One report section: a heading, a one-line explanation, then its charts or a "no data yet" note. */
export interface SectionSpec {
  id: string;
  title: string;
  explanation: string;
  /** Chart markup; null when there is nothing to draw. */
  body: string | null;
  /** What to do when there is no data. */
  emptyHint?: string;
}

/** Renders a section; an empty one says so instead of drawing an empty chart. */
export function section(spec: SectionSpec): string {
  const body =
    spec.body ??
    `<p class="empty">No data yet${spec.emptyHint ? ` — ${escapeHtml(spec.emptyHint)}` : ''}.</p>`;
  return (
    `<section id="${escapeHtml(spec.id)}"><h2>${escapeHtml(spec.title)}</h2>` +
    `<p class="explain">${escapeHtml(spec.explanation)}</p>${body}</section>`
  );
}

/** A colour legend in HTML (prints with `print-color-adjust: exact`). */
export function legend(items: Array<{ name: string; color: string }>): string {
  const entries = items
    .map(
      (i) =>
        `<li><span class="swatch" style="background:${escapeHtml(i.color)}"></span>${escapeHtml(i.name)}</li>`,
    )
    .join('');
  return `<ul class="legend">${entries}</ul>`;
}

/** Distinct values in first-seen order. */
export function distinct<T>(values: T[]): T[] {
  return [...new Set(values)];
}
