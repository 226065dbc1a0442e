import type { IdvDb } from '../database.js';

/** An open database: the Kysely instance, which engine backs it, and how to close it. */
export interface DbHandle {
  db: IdvDb;
  kind: 'postgres' | 'pglite';
  /** Where it is, safe to print: `PGlite at ./.idvkit/pgdata` or `postgres://host:5432/db` (no credentials). */
  description: string;
  /** Destroys the pool / closes PGlite and releases the data-directory lock. */
  close(): Promise<void>;
}
