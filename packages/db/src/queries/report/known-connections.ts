import { sql } from 'kysely';
import type { IdvDb } from '../../database.js';

/** A connection the database has rows of, with its provider. */
export interface KnownConnection {
  connection: string;
  provider: string;
}

/**
 * Every connection that wrote sessions or was named by a run (for runs, the provider comes from
 * `connection_stats`, else the run's only provider, else a provider of the same name), sorted by name.
 */
export async function listKnownConnections(db: IdvDb): Promise<KnownConnection[]> {
  const { rows } = await sql<KnownConnection>`
    SELECT connection, provider FROM (
      SELECT connection, provider FROM idv.sessions
      UNION
      SELECT c.connection, coalesce(r.connection_stats -> c.connection ->> 'provider',
        CASE WHEN cardinality(r.providers) = 1 THEN r.providers[1]
             WHEN c.connection = ANY (r.providers) THEN c.connection END) AS provider
      FROM idv.sync_runs r CROSS JOIN LATERAL unnest(r.connections) AS c(connection)
    ) k
    WHERE provider IS NOT NULL
    ORDER BY connection COLLATE "C", provider COLLATE "C"`.execute(db);
  return rows;
}
