import { type IdvDb, schemaStatus } from '@idvkit/db';
import { sql } from 'kysely';
import { GRAPHILE_SCHEMA } from '../worker/add-job-in-transaction.js';

/** The last migration of graphile-worker 0.17.x (`sql/000019.sql`); a newer patch release may add more. */
export const GRAPHILE_MIGRATION = 19;

/** Whether the service can do its work, and if not, why (one line, no credentials). */
export type Readiness = { ready: true } | { ready: false; reason: string };

/**
 * Ready when the database answers, idvkit's schema is at the version this code expects, and graphile-worker's
 * schema is migrated: what `/readyz` reports (200 or 503).
 */
export async function checkReadiness(db: IdvDb): Promise<Readiness> {
  try {
    const { current, latest } = await schemaStatus(db);
    if (current !== latest) {
      return {
        ready: false,
        reason: `expected idvkit schema version ${latest}, the database is at ${current}`,
      };
    }
    const table = `${GRAPHILE_SCHEMA}.migrations`;
    const { rows } = await sql<{
      exists: boolean;
    }>`SELECT to_regclass(${table}) IS NOT NULL AS exists`.execute(db);
    if (!rows[0]?.exists) {
      return { ready: false, reason: `expected graphile-worker's schema ${GRAPHILE_SCHEMA}, received none` };
    }
    const done = await sql<{ id: number | null }>`SELECT max(id)::int AS id FROM ${sql.table(table)}`.execute(
      db,
    );
    const at = done.rows[0]?.id ?? 0;
    if (at < GRAPHILE_MIGRATION) {
      return {
        ready: false,
        reason: `expected graphile-worker migration ${GRAPHILE_MIGRATION}, the database is at ${at}`,
      };
    }
    return { ready: true };
  } catch (err) {
    return { ready: false, reason: `the database did not answer (${(err as Error).message})` };
  }
}
