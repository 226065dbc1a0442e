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
  return JSON.stringify(value ?? null, (_key, v: unknown) => (typeof v === 'string' ? storable(v) : v));
}

/** Like {@link toJsonText} but SQL NULL (not JSON null) for `null`/`undefined`: for nullable jsonb columns. */
export function toJsonColumn(value: unknown): string | null {
  return value === null || value === undefined ? null : toJsonText(value);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what Postgres text cannot hold.
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function storable(s: string): string {
  return s.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD');
}
