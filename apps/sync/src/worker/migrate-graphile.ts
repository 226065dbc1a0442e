import { Logger as GraphileLogger, runMigrations } from 'graphile-worker';
import type { Logger } from '../output/logger.js';

/**
 * Creates or upgrades graphile-worker's schema (`graphile_worker`) in the Postgres at `databaseUrl`, with
 * graphile's own migrations (idempotent, serialized by graphile across processes).
 */
export async function migrateGraphile(databaseUrl: string, log: Logger): Promise<void> {
  await runMigrations({ connectionString: databaseUrl, logger: graphileLogger(log) });
}

/** graphile-worker's log lines through idvkit's logger (debug lines dropped, as graphile's are chatty). */
export function graphileLogger(log: Logger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message) => {
    const fields = { scope: scope.label ?? 'graphile-worker' };
    if (level === 'error') log.error(message, fields);
    else if (level === 'warning') log.warn(message, fields);
    else if (level === 'info') log.info(message, fields);
  });
}
