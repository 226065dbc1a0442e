import type { Migration } from './migration.js';

/**
 * A run the user interrupted (SIGINT/SIGTERM) is recorded as `interrupted`; a `running` run whose process died
 * (SIGKILL, crash) is marked `abandoned` by the next run. See docs/schema.md.
 */
export const runStatuses: Migration = {
  version: 4,
  name: 'run_statuses',
  statements: [
    `ALTER TABLE idv.sync_runs DROP CONSTRAINT sync_runs_status_check`,
    `ALTER TABLE idv.sync_runs ADD CONSTRAINT sync_runs_status_check
      CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'interrupted', 'abandoned'))`,
  ],
};
