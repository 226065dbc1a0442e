import type { JsonValue } from '../../types.js';

/** Key casings Verifa's `Key-Inflection` header selects. */
export type Inflection = 'snake' | 'camel' | 'kebab';

const CONVERTERS: Record<Inflection, (key: string) => string> = {
  snake: (key) => key,
  camel: (key) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
  kebab: (key) => key.replace(/_/g, '-'),
};

/** Re-cases every object key of a snake_case payload (recursively, map keys included). */
export function inflectKeys(value: JsonValue, inflection: Inflection): JsonValue {
  if (inflection === 'snake') return value;
  const convert = CONVERTERS[inflection];
  const walk = (v: JsonValue): JsonValue => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, JsonValue> = {};
    for (const [key, child] of Object.entries(v)) out[convert(key)] = walk(child);
    return out;
  };
  return walk(value);
}
