import type { ListWindow } from './types.js';

/** What the engine knows when it decides how far back to list a scope. */
export interface WindowInput {
  full: boolean;
  since: Date | null;
  /** The checkpoint of the last complete pass (server clock), or null on a first run. */
  watermark: Date | null;
  /** created_at of the oldest session of this scope that is stored and not terminal. */
  oldestOpen: Date | null;
  listsByUpdatedAt: boolean;
  lookbackMs: number;
  /** Open sessions older than watermark − this are re-polled by id instead of by listing back to them. */
  reopenWindowMs: number;
}

/**
 * The list window of an incremental sync (the cursor and lookback window of dlt/Airbyte terms).
 * - `--full`: everything (or since `--since`).
 * - Sources that filter by update time: updated after the watermark minus the lookback.
 * - Newest-first sources: back to the older of the watermark and the oldest open session (bounded by the
 *   reopen window), minus the lookback, so changes to open sessions are seen on list pages.
 */
export function listWindow(input: WindowInput): ListWindow {
  if (input.full || input.watermark === null) return { stopBefore: input.since, updatedAfter: input.since };
  const back = (d: Date) => new Date(d.getTime() - input.lookbackMs);
  if (input.listsByUpdatedAt) {
    const updatedAfter = maxDate(back(input.watermark), input.since);
    return { stopBefore: input.since, updatedAfter };
  }
  const floor = new Date(input.watermark.getTime() - input.reopenWindowMs);
  const oldest =
    input.oldestOpen && input.oldestOpen < input.watermark
      ? maxDate(input.oldestOpen, floor)
      : input.watermark;
  return { stopBefore: maxDate(back(oldest), input.since), updatedAfter: input.since };
}

function maxDate(a: Date, b: Date | null): Date {
  return b && b > a ? b : a;
}
