import { type IdvDb, markAbandonedRuns as markAbandoned } from '@idvkit/db';
import type { Logger } from '../output/logger.js';

/**
 * At the start of a run: older runs still `running` whose process is gone (SIGKILL, crash) become `abandoned`
 * (see the query for how "gone" is decided on each database). A dry run writes nothing and skips this.
 */
export async function markAbandonedRuns(
  db: IdvDb,
  dbKind: 'postgres' | 'pglite',
  runId: string,
  dryRun: boolean,
  log: Logger,
): Promise<void> {
  if (dryRun) return;
  const abandoned = await markAbandoned(db, { runId, kind: dbKind });
  if (abandoned.length > 0) log.warn('earlier runs marked abandoned', { runs: abandoned });
}
