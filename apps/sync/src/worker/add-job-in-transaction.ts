import type { IdvDb } from '@idvkit/db';
import { sql } from 'kysely';
import { QUEUE_SCHEMA } from './queue-schema.js';

/** The schema graphile-worker's migrations create (its default): {@link QUEUE_SCHEMA}. */
export const GRAPHILE_SCHEMA = QUEUE_SCHEMA;

/**
 * Queues a graphile-worker job with its SQL `add_job` on `db`, so a job queued inside a transaction exists
 * exactly when the transaction commits (what graphile's `addJob` cannot do on a separate connection).
 * `jobKeyMode` as in graphile-worker: `replace` (default) or `preserve_run_at` (a job already waiting keeps its
 * run time, so a burst of events does not postpone it).
 * @see https://worker.graphile.org/docs/sql-add-job
 */
export async function addJobInTransaction(
  db: IdvDb,
  identifier: string,
  payload: object,
  opts: { jobKey: string; jobKeyMode?: 'replace' | 'preserve_run_at'; maxAttempts?: number },
): Promise<void> {
  await sql`SELECT ${sql.id(GRAPHILE_SCHEMA)}.add_job(
    ${identifier},
    ${JSON.stringify(payload)}::json,
    job_key => ${opts.jobKey},
    job_key_mode => ${opts.jobKeyMode ?? 'replace'},
    max_attempts => ${opts.maxAttempts ?? null}::int
  )`.execute(db);
}
