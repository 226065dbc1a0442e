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
  if (Array.isArray(value)) return value.map((v) => strip(v, drop));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!drop.has(k)) out[k] = strip(v, drop);
  }
  return out;
}
