import { runMigrations } from 'graphile-worker';
import type { Logger } from '../output/logger.js';
import { graphileLogger } from './graphile-logger.js';

/** graphile-worker's own schema (its default name), beside idvkit's `idv`. */
export const QUEUE_SCHEMA = 'graphile_worker';

/**
 * Brings graphile-worker's schema up to date on a Postgres database (its migrations are its own, forward-only,
 * and safe to run from several processes at once). `idvkit migrate` and `idvkit worker` both call this.
 */
export async function migrateQueue(databaseUrl: string, log: Logger): Promise<void> {
  await runMigrations({
    connectionString: databaseUrl,
    schema: QUEUE_SCHEMA,
    logger: graphileLogger(log),
    noHandleSignals: true,
  });
}
