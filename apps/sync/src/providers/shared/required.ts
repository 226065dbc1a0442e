import { NormalizeError } from '../../engine/types.js';
import { timestamp } from './values.js';

/**
 * Fields a normalizer cannot do without. Each adapter reads them through these helpers, so a payload missing
 * one is quarantined (stage `normalize`, the reason naming the field) instead of being stored half-understood:
 * a session without its status would otherwise land as `unknown` with nothing counted.
 */

/** `obj[key]` as a non-empty string; absent, null, `""` or not a string → NormalizeError naming `label`. */
export function required(obj: unknown, key: string, label: string = key): string {
  const value = field(obj, key);
  if (typeof value === 'string' && value !== '') return value;
  throw new NormalizeError(`${label}: expected a non-empty string, received ${describe(value)}`);
}

/** `obj[key]` as a Date; absent → NormalizeError naming `label`, unparseable → as {@link timestamp}. */
export function requiredTime(obj: unknown, key: string, label: string = key): Date {
  const value = field(obj, key);
  const date = timestamp(value, label);
  if (date) return date;
  throw new NormalizeError(`${label}: expected an ISO 8601 timestamp, received ${describe(value)}`);
}

function field(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null ? (obj as Record<string, unknown>)[key] : undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (value === '') return 'an empty string';
  return typeof value;
}
