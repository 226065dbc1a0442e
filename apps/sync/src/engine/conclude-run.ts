import { DatabaseUnavailableError, finishRun, type IdvDb } from '@idvkit/db';
import { retryWhileUnavailable } from './retry-while-unavailable.js';
import { RunStoppedError } from './run-stopped-error.js';
import type { SyncResult } from './run-sync.js';
import type { ConnectionStats, ProviderStats } from './stats.js';

/** How a run ended, before it is recorded. */
export interface RunEnd {
  runId: string;
  status: SyncResult['status'];
  connections: Record<string, ConnectionStats>;
  providers: Record<string, ProviderStats>;
  error: string | null;
  dryRun: boolean;
  /** Set when the run stopped because the database was lost. */
  databaseLost: DatabaseUnavailableError | undefined;
}

/**
 * Records the run's outcome in idv.sync_runs, waiting a bounded time for a database that went away (see
 * RECORD_RETRY). A run that lost its database is recorded as `failed` with the loss as its error, then
 * reported by throwing {@link RunStoppedError}, also when the database never answered again.
 */
export async function concludeRun(db: IdvDb, end: RunEnd): Promise<SyncResult> {
  const lost = end.databaseLost;
  const result: SyncResult = {
    runId: end.runId,
    status: lost ? 'failed' : end.status,
    connections: end.connections,
    providers: end.providers,
  };
  if (end.dryRun) {
    if (lost) throw new RunStoppedError(result, 'dry-run', lost);
    return result;
  }
  try {
    await retryWhileUnavailable(() =>
      finishRun(db, end.runId, {
        status: result.status,
        stats: end.providers,
        connectionStats: end.connections,
        error: lost?.message ?? end.error,
      }),
    );
  } catch (err) {
    const cause = lost ?? (err instanceof DatabaseUnavailableError ? err : undefined);
    if (!cause) throw err;
    throw new RunStoppedError(result, 'not-recorded', cause);
  }
  if (lost) throw new RunStoppedError(result, 'recorded', lost);
  return result;
}
