import type { SyncResult } from '../engine/run-sync.js';
import { formatTable } from './table.js';

/**
 * The human summary of a run: one row per connection. A dry run says "would write" (nothing was written);
 * `hints` (by connection) say how to feed a connection that found nothing to fetch.
 */
export function formatSummary(
  r: SyncResult,
  opts: { dryRun?: boolean; hints?: Record<string, string> } = {},
): string {
  const rows = Object.entries(r.connections).map(([name, s]) => ({
    connection: name,
    provider: s.provider,
    status: s.status,
    listed: s.listed,
    fetched: s.fetched,
    unchanged: s.unchanged,
    [opts.dryRun ? 'would write' : 'upserted']: s.upserted,
    deleted: s.deleted,
    failed: s.failed,
    unmapped: s.unmapped,
    requests: s.requests,
  }));
  const errors = Object.entries(r.connections)
    .filter(([, s]) => s.error)
    .map(([name, s]) => `  ${name}: ${s.error}\n`)
    .join('');
  const hints = Object.entries(opts.hints ?? {})
    .map(([name, hint]) => `  ${name}: ${hint}\n`)
    .join('');
  const title = `run ${r.runId}: ${r.status}${opts.dryRun ? ' (dry run: nothing written)' : ''}`;
  return `${title}\n${formatTable(rows)}${errors ? `errors:\n${errors}` : ''}${hints ? `hints:\n${hints}` : ''}`;
}
