/**
 * Counters of one connection in a run (and, summed, of one provider: see providerTotals), as printed by
 * `sync --json` and stored in idv.sync_runs.connection_stats and .stats.
 */
export interface ProviderStats {
  status: 'succeeded' | 'partial' | 'failed' | 'skipped';
  listed: number;
  fetched: number;
  unchanged: number;
  upserted: number;
  stale: number;
  deleted: number;
  /** Listed sessions skipped: never stored, and given up after answering 404 in several runs. */
  givenUp: number;
  /** Queue connections with a poll schedule: stored open sessions not due for a poll this run. */
  notDue?: number;
  /** Queue connections with a poll schedule: open sessions past the provider's retention, no longer polled. */
  pastRetention?: number;
  failed: number;
  unmapped: number;
  requests: number;
  error?: string;
}

/** One connection's counters, with the provider it belongs to. */
export interface ConnectionStats extends ProviderStats {
  provider: string;
}

export function emptyStats(): ProviderStats {
  return {
    status: 'succeeded',
    listed: 0,
    fetched: 0,
    unchanged: 0,
    upserted: 0,
    stale: 0,
    deleted: 0,
    givenUp: 0,
    failed: 0,
    unmapped: 0,
    requests: 0,
  };
}
