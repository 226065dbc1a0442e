import * as z from 'zod';
import { expected, quoted } from './schema-kit.js';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const FORM = /^(\d{1,6})(s|m|h|d)$/;
const WHAT = 'a duration such as "30s", "5m", "1h" or "7d"';

/** A duration written as a whole number and a unit (`s`, `m`, `h`, `d`): "5m", "6h", "7d". */
export function duration(description: string) {
  return z
    .string(expected(WHAT, quoted()))
    .regex(FORM, expected(WHAT, quoted()))
    .meta({ description, pattern: FORM.source });
}

/** Milliseconds of a {@link duration} string (already validated). */
export function durationMs(text: string): number {
  const m = FORM.exec(text);
  if (!m) throw new TypeError(`expected ${WHAT}, received ${JSON.stringify(text.slice(0, 40))}`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}
