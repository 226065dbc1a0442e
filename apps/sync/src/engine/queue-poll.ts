import { type DiscoveredToFetchOptions, pollSummary } from '@idvkit/db';
import type { ProviderRunOptions } from './provider-run-options.js';

/**
 * How a queue connection's discovered ids are read this run: with the source's poll schedule (as data; the
 * due rule is the database's) at the run's clock. A full run polls every open session within retention.
 */
export function discoveredToFetch(o: ProviderRunOptions): DiscoveredToFetchOptions {
  const poll = o.source.pollSchedule;
  if (!poll) return {};
  return { poll: o.full ? { steps: [], retentionMs: poll.retentionMs } : poll, now: o.now() };
}

/**
 * Counts the open sessions the schedule left alone this run into the stats (`notDue`, `pastRetention`) and
 * says so in the log: sessions past retention are never polled again unless discovered again.
 */
export async function notePollSummary(o: ProviderRunOptions): Promise<void> {
  const { poll, now } = discoveredToFetch(o);
  if (!poll || !now) return;
  const summary = await pollSummary(o.db, o.source.provider, o.connection, poll, now);
  o.stats.notDue = summary.notDue;
  o.stats.pastRetention = summary.pastRetention;
  const at = { provider: o.source.provider, connection: o.connection };
  if (summary.notDue > 0)
    o.log.info('open sessions not due for a poll yet', { ...at, sessions: summary.notDue });
  if (summary.pastRetention > 0) {
    o.log.info("open sessions past the provider's retention: no longer polled", {
      ...at,
      sessions: summary.pastRetention,
    });
  }
}
