import type { DatabaseUnavailableError } from '@idvkit/db';
import { RECORD_RETRY } from './retry-while-unavailable.js';
import type { SyncResult } from './run-sync.js';

/** Whether idv.sync_runs holds the stopped run as `failed`; a dry run records nothing. */
export type StoppedRunRecord = 'recorded' | 'not-recorded' | 'dry-run';

/**
 * A run stopped because the database was lost. Its message is the one line the CLI prints: the loss (database
 * without credentials, and the server's reason), then whether the run could be recorded as `failed`.
 */
export class RunStoppedError extends Error {
  override readonly name = 'RunStoppedError';
  /** The run as far as it got (status `failed`), for the summary. */
  readonly result: SyncResult;
  readonly record: StoppedRunRecord;

  constructor(result: SyncResult, record: StoppedRunRecord, cause: DatabaseUnavailableError) {
    const outcome =
      record === 'recorded'
        ? `run ${result.runId} recorded as failed`
        : record === 'dry-run'
          ? 'dry run stopped'
          : `run ${result.runId} could not be recorded (the database did not answer again within ${RECORD_RETRY.budgetMs / 1000} s) and stays "running" in idv.sync_runs`;
    super(`${cause.message}; ${outcome}`, { cause });
    this.result = result;
    this.record = record;
  }
}
