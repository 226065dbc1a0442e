import type { RawMode } from './types.js';

/** Keys a provider marks as secret (dropped always) and as personal data (dropped unless raw mode is `full`). */
export interface SensitiveKeys {
  secret: readonly string[];
  personal: readonly string[];
}

/**
 * The `raw` value stored for a payload: `none` → null; `minimal` → without secret and personal keys (at any
 * depth); `full` → without secret keys. Secrets never reach the database.
 */
export function minimize(payload: unknown, mode: RawMode, keys: SensitiveKeys): unknown {
  if (mode === 'none') return null;
  const drop = new Set(mode === 'full' ? keys.secret : [...keys.secret, ...keys.personal]);
  return strip(payload, drop);
}

function strip(value: unknown, drop: ReadonlySet<string>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = strip(value[i], drop);
    return out;
  }
  // Object.keys and indexing rather than Object.entries: no [key, value] pair allocated per property (this runs
  // over every payload of a sync).
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(source)) {
    if (!drop.has(k)) out[k] = strip(source[k], drop);
  }
  return out;
}
