import { ConfigError } from '../config/config-error.js';

/** `--since`: an ISO 8601 date or date-time. */
export function parseIsoDate(flag: string, value: string): Date {
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(d.getTime())) {
    throw new ConfigError(
      `${flag}: expected an ISO 8601 date such as 2026-01-31 or 2026-01-31T12:00:00Z, received "${value}"`,
    );
  }
  return d;
}

/** A positive integer flag such as `--concurrency 8`, at most `max` when given. */
export function parsePositiveInt(flag: string, value: string, max?: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0) {
    throw new ConfigError(`${flag}: expected a positive integer, received "${value}"`);
  }
  if (max !== undefined && n > max) {
    throw new ConfigError(`${flag}: expected an integer from 1 to ${max}, received "${value}"`);
  }
  return n;
}
