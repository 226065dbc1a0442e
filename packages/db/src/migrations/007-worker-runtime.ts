import type { Migration } from './migration.js';

/**
 * What `idvkit worker` needs besides graphile-worker's own schema: one shared request budget per connection
 * (`idv.rate_budgets`, a GCRA row that every worker process reserves its request slots from, see
 * reserveRateSlot) and `resolved_at` on `idv.sync_errors`, set when a later fetch of the session succeeds.
 */
export const workerRuntime: Migration = {
  version: 7,
  name: 'worker_runtime',
  statements: [
    `CREATE TABLE idv.rate_budgets (
      connection text PRIMARY KEY,
      next_at timestamptz NOT NULL
    )`,
    `ALTER TABLE idv.sync_errors ADD COLUMN resolved_at timestamptz`,
    `CREATE INDEX sync_errors_open_idx ON idv.sync_errors (provider, session_id) WHERE resolved_at IS NULL`,
  ],
};
