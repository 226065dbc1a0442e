/** Default start of the virtual clock: 2026-11-01T00:00:00Z. */
export const DEFAULT_NOW = Date.UTC(2026, 10, 1, 0, 0, 0);

/**
 * The sandbox's virtual clock. Session data lives on this clock (it only moves through
 * `advance`); authentication windows, token lifetimes and rate limits use real time.
 */
export class VirtualClock {
  private current: number;

  constructor(start: number = DEFAULT_NOW) {
    this.current = start;
  }

  /** Current virtual time in epoch milliseconds. */
  nowMs(): number {
    return this.current;
  }

  /** Moves the clock forward by `ms` (never backwards). */
  advance(ms: number): void {
    if (ms > 0) this.current += Math.round(ms);
  }
}

/** ISO 8601 with milliseconds (`2025-01-07T10:30:00.000Z`). */
export function isoMs(ms: number): string {
  return new Date(ms).toISOString();
}

/** ISO 8601 without fractional seconds (`2023-10-16T09:18:46Z`). */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
