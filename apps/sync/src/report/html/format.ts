/** An integer with `,` thousands separators (locale-independent, so output is deterministic). */
export function formatCount(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A 0..1 rate as a percentage with one decimal, `n/a` when there is none. */
export function formatPercent(rate: number | null): string {
  return rate === null ? 'n/a' : `${(rate * 100).toFixed(1)}%`;
}

/** Seconds with at most one decimal and no trailing `.0`, e.g. `90`, `12.5`. */
export function formatSeconds(seconds: number): string {
  return String(Math.round(seconds * 10) / 10);
}

const UNITS: Array<[string, number]> = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
];

/** A duration for people: `45s`, `2.5s`, `12m`, `1h 30m`, `2d 3h` (two units at most). */
export function formatDuration(seconds: number): string {
  if (seconds < 59.95) return `${Math.round(seconds * 10) / 10}s`;
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [unit, size] of [...UNITS, ['s', 1] as [string, number]]) {
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount > 0 || parts.length > 0) parts.push(`${amount}${unit}`);
    if (parts.length === 2) break;
  }
  return parts.filter((p, i) => i === 0 || !p.startsWith('0')).join(' ');
}

/** A timestamp as `YYYY-MM-DD HH:MM UTC`. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `1 session`, `2 sessions` (count formatted with {@link formatCount}). */
export function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** A signed difference with a real minus sign, e.g. `+3`, `−1,200`, `0`. */
function signed(n: number, body: (abs: number) => string): string {
  if (n === 0) return body(0);
  return `${n > 0 ? '+' : '−'}${body(Math.abs(n))}`;
}

/** The change of a count: `+3 (+50.0%)`; without the percentage when the previous count is 0. */
export function formatCountChange(now: number, before: number): string {
  const diff = signed(now - before, formatCount);
  return before === 0 ? diff : `${diff} (${signed((now - before) / before, (r) => formatPercent(r))})`;
}

/** The change of a rate in percentage points: `+5.0 pp`; `n/a` when either is missing. */
export function formatRateChange(now: number | null, before: number | null): string {
  if (now === null || before === null) return 'n/a';
  return `${signed(Math.round((now - before) * 1000) / 10, (pp) => pp.toFixed(1))} pp`;
}

/** The change of a duration: `+1m 30s`, `−45s`; `n/a` when either is missing. */
export function formatDurationChange(now: number | null, before: number | null): string {
  if (now === null || before === null) return 'n/a';
  return signed(now - before, formatDuration);
}
