/** An inclusive numeric range a config value or flag must fall in. */
export interface Range {
  min: number;
  max: number;
  integer?: boolean;
}

/**
 * Sane bounds of the per-provider settings: below them a sync never finishes (1e-9 requests/s is one request in
 * 30 years), above them a typo opens a billion sockets or lifts every client-side limit.
 */
export const PROVIDER_LIMITS = {
  concurrency: { min: 1, max: 256, integer: true },
  requestsPerSecond: { min: 0.01, max: 1000 },
  /** 1 KiB to 1 GiB; the default is 32 MiB. */
  maxResponseBytes: { min: 1024, max: 1024 * 1024 * 1024, integer: true },
} as const satisfies Record<string, Range>;

/** "an integer from 1 to 256", "a number from 0.01 to 1000". */
export function describeRange(range: Range): string {
  return `${range.integer ? 'an integer' : 'a number'} from ${range.min} to ${range.max}`;
}
