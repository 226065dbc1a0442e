/**
 * How column values come back, identically on node-postgres and PGlite:
 * - `timestamptz` → `Date` (both drivers' default);
 * - `int8` (e.g. `count(*)`) and `numeric` → `number` when that is exact, otherwise the decimal string;
 * - `date` → `'YYYY-MM-DD'` string (node-postgres would build a local-midnight `Date`, PGlite a UTC one);
 * - `interval` → Postgres' text form, e.g. `'1 day 02:00:00'`.
 */
export const TYPE_PARSERS: Readonly<Record<number, (value: string) => unknown>> = {
  20: parseInt8,
  1700: parseNumeric,
  1082: (value) => value,
  1186: (value) => value,
};

/** Parses an `int8` to a number when it is a safe integer; larger values stay strings. */
export function parseInt8(value: string): number | string {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

/** Parses a `numeric` to a number when the conversion loses nothing that matters (≤ 15 significant digits). */
export function parseNumeric(value: string): number | string {
  const n = Number(value);
  if (!Number.isFinite(n)) return value;
  const digits = value.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return digits.length <= 15 ? n : value;
}
