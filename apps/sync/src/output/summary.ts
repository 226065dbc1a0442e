import type { SyncResult } from '../engine/run-sync.js';
import { formatTable } from './table.js';

/** The human summary of a run: one row per connection. */
export function formatSummary(r: SyncResult): string {
  const rows = Object.entries(r.connections).map(([name, s]) => ({
    connection: name,
    provider: s.provider,
    status: s.status,
    listed: s.listed,
    fetched: s.fetched,
    unchanged: s.unchanged,
    upserted: s.upserted,
    deleted: s.deleted,
    failed: s.failed,
    unmapped: s.unmapped,
    requests: s.requests,
  }));
  const errors = Object.entries(r.connections)
    .filter(([, s]) => s.error)
    .map(([name, s]) => `  ${name}: ${s.error}\n`)
    .join('');
  return `run ${r.runId}: ${r.status}\n${formatTable(rows)}${errors ? `errors:\n${errors}` : ''}`;
}
