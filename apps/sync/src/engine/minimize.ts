import type { RawMode } from './types.js';

/** Keys a provider marks as secret (dropped always) and as personal data (dropped unless raw mode is `full`). */
export interface SensitiveKeys {
  secret: readonly string[];
  personal: readonly string[];
}

/**
 * The `raw` value stored for a payload: `none` → null; `minimal` → without secret and personal keys (at any
 * depth); `full` → without secret keys. Secrets never reach the database. The payload is never edited; parts of
 * it without a dropped key are shared with the result rather than copied (it is only serialized).
 */
export function minimize(payload: unknown, mode: RawMode, keys: SensitiveKeys): unknown {
  if (mode === 'none') return null;
  return strip(payload, dropSet(keys, mode));
}

const dropSets = new WeakMap<SensitiveKeys, { full: ReadonlySet<string>; minimal: ReadonlySet<string> }>();

/** The keys dropped in `mode`, built once per provider's key lists (this runs for every payload of a sync). */
function dropSet(keys: SensitiveKeys, mode: 'full' | 'minimal'): ReadonlySet<string> {
  let sets = dropSets.get(keys);
  if (!sets) {
    sets = { full: new Set(keys.secret), minimal: new Set([...keys.secret, ...keys.personal]) };
    dropSets.set(keys, sets);
  }
  return mode === 'full' ? sets.full : sets.minimal;
}

/** `value` without the dropped keys: `value` itself when nothing below it is dropped (copy on first change). */
function strip(value: unknown, drop: ReadonlySet<string>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const kept = strip(item, drop);
      if (kept !== item) out ??= value.slice(0, i);
      if (out) out[i] = kept;
    }
    return out ?? value;
  }
  // Object.keys and indexing rather than Object.entries: no [key, value] pair allocated per property.
  const source = value as Record<string, unknown>;
  const names = Object.keys(source);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < names.length; i++) {
    const k = names[i]!;
    if (drop.has(k)) {
      out ??= copyOf(source, names, i);
      continue;
    }
    const v = source[k];
    const kept = strip(v, drop);
    if (kept !== v) out ??= copyOf(source, names, i);
    if (out) out[k] = kept;
  }
  return out ?? source;
}

/** A new object with the first `n` properties of `source` (all kept as they are). */
function copyOf(source: Record<string, unknown>, names: string[], n: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let j = 0; j < n; j++) out[names[j]!] = source[names[j]!];
  return out;
}
