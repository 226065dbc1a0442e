import type { DbHandle } from './handle.js';
import { openPglite } from './open-pglite.js';
import { openPostgres } from './open-postgres.js';

/** Where the database is. */
export interface OpenDbOptions {
  /** A Postgres connection URL; when set, PGlite is not used. */
  databaseUrl?: string;
  /** PGlite data directory (default `./.idvkit/pgdata`); parent directories are created. */
  dataDir?: string;
  /** Postgres pool size (default 10; at least 2 when using withAdvisoryLock). */
  poolSize?: number;
}

/** The default embedded data directory, relative to the working directory. */
export const DEFAULT_DATA_DIR = './.idvkit/pgdata';

/**
 * Opens the idvkit database: a node-postgres pool when `databaseUrl` is given, else an embedded PGlite at
 * `dataDir`. Does not migrate (call {@link migrate}).
 * @throws DatabaseBusyError when the PGlite data directory is open elsewhere.
 */
export async function openDatabase(opts: OpenDbOptions = {}): Promise<DbHandle> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize);
  return openPglite(opts.dataDir ?? DEFAULT_DATA_DIR);
}
