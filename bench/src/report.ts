/** One line of the results table. */
export interface Row {
  scenario: string;
  metric: string;
  value: string;
  goal: string;
  /** true = goal met, false = missed, null = informational. */
  ok: boolean | null;
}

export function row(
  scenario: string,
  metric: string,
  value: string,
  goal = '',
  ok: boolean | null = null,
): Row {
  return { scenario, metric, value, goal, ok };
}

/** Formats rows as one aligned table. */
export function formatTable(rows: Row[]): string {
  const header = ['scenario', 'metric', 'value', 'goal', 'met'];
  const cells = rows.map((r) => [
    r.scenario,
    r.metric,
    r.value,
    r.goal,
    r.ok === null ? '' : r.ok ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const fmt = (c: string[]) =>
    c
      .map((v, i) => (i === 2 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(fmt)].join('\n');
}

/** Formats rows as a Markdown table (for docs/benchmarks.md). */
export function formatMarkdown(rows: Row[]): string {
  const lines = ['| scenario | metric | value | goal | met |', '|---|---|---:|---|---|'];
  for (const r of rows) {
    lines.push(
      `| ${r.scenario} | ${r.metric} | ${r.value} | ${r.goal} | ${r.ok === null ? '' : r.ok ? 'yes' : '**no**'} |`,
    );
  }
  return lines.join('\n');
}

export const fixed = (n: number, digits = 1) => n.toFixed(digits);
export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const times = (n: number) => `${n.toFixed(2)}×`;
export const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
export const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
