import { NormalizeError } from '../../engine/types.js';

/** A provider timestamp as a Date; null/absent → null; anything unparseable → NormalizeError (quarantine). */
export function timestamp(value: unknown, field: string): Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new NormalizeError(`${field}: expected an ISO 8601 timestamp, received ${typeof value}`);
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime()) || (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}/.test(value))) {
    throw new NormalizeError(
      `${field}: expected an ISO 8601 timestamp, received ${JSON.stringify(String(value).slice(0, 40))}`,
    );
  }
  return d;
}

/** A required identifier; absent or empty → NormalizeError. */
export function requiredId(value: unknown, field: string): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  throw new NormalizeError(
    `${field}: expected a non-empty identifier, received ${value === undefined ? 'nothing' : typeof value}`,
  );
}

/** An optional string field; non-strings other than null become their JSON text. */
export function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The latest of some dates, or null. */
export function latest(...dates: Array<Date | null | undefined>): Date | null {
  let best: Date | null = null;
  for (const d of dates) if (d && (!best || d > best)) best = d;
  return best;
}

/**
 * Maps raw provider values through tables (case-insensitive) and counts the ones that have no mapping: a value
 * present but not in the table becomes 'unknown' and is counted in `unmapped` (never coerced to a neighbouring
 * value). Fields the normalizer cannot do without are read with `required` (./required.ts) and mapped with
 * {@link Mapper.map}; optional ones (outcomes, results) with {@link Mapper.optional}.
 */
export class Mapper {
  unmapped = 0;

  /** A present value through `table`; not in it → 'unknown', counted. */
  map<T extends string>(table: Readonly<Record<string, T>>, value: string): T | 'unknown' {
    const hit = table[value.toLowerCase()];
    if (hit !== undefined) return hit;
    this.unmapped++;
    return 'unknown';
  }

  /** An optional value: absent (null, missing or `""`) → `absent`; otherwise as {@link Mapper.map}. */
  optional<T extends string>(table: Readonly<Record<string, T>>, raw: unknown, absent: T): T | 'unknown' {
    if (raw === null || raw === undefined || raw === '') return absent;
    return this.map(table, typeof raw === 'string' ? raw : JSON.stringify(raw));
  }
}
