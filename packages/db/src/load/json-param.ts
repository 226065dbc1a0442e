import { type RawBuilder, sql } from 'kysely';

/**
 * A value as one `jsonb` query parameter. Batch statements send all their rows this way and expand them with
 * `jsonb_to_recordset`, which behaves the same on node-postgres and PGlite (no array-parameter encoding).
 * Strings are made storable: jsonb rejects U+0000 and lone surrogates, so they are dropped / replaced by U+FFFD.
 */
export function jsonParam(value: unknown): RawBuilder<unknown> {
  return sql`${toJsonText(value)}::jsonb`;
}

/** `JSON.stringify` with the jsonb-safe string cleaning of {@link jsonParam}; `undefined` becomes `null`. */
export function toJsonText(value: unknown): string {
  // One native stringify, then a scan of its output, instead of a replacer call per value (which cost 2–3% of
  // the sync's main-thread time). JSON.stringify writes U+0000 as `\u0000`, a lone surrogate as `\udXXX` (a
  // valid pair stays as it is) and a backslash as `\\`, so each escape is matched whole, left to right: what is
  // cleaned is exactly the NULs and lone surrogates of the strings (and of the keys, which jsonb rejects alike).
  const text = JSON.stringify(value ?? null);
  return text.includes('\\u') ? text.replace(ESCAPES, cleanEscape) : text;
}

const ESCAPES = /\\(\\|u0000|ud[89a-f][0-9a-f]{2})/g;

function cleanEscape(match: string, sequence: string): string {
  if (sequence === '\\') return match;
  return sequence === 'u0000' ? '' : '\uFFFD';
}

/** Like {@link toJsonText} but SQL NULL (not JSON null) for `null`/`undefined`: for nullable jsonb columns. */
export function toJsonColumn(value: unknown): string | null {
  return value === null || value === undefined ? null : toJsonText(value);
}
