import { type DbHandle, migrate, openDatabase } from '@idvkit/db';
import { ConfigError } from '../config/config-error.js';
import type { IdvkitConfig } from '../config/load-config.js';
import type { GlobalOptions } from './global-options.js';
import type { CliIO } from './io.js';

/**
 * Opens the database the flags, config and environment point at — `--database`, then `database` in the
 * config, then DATABASE_URL, else embedded PGlite in `dataDir` — and migrates it, since every command needs
 * the schema. Refuses a database whose schema is ahead of this idvkit (DatabaseAheadError).
 */
export async function openMigratedDatabase(
  config: Pick<IdvkitConfig, 'database' | 'dataDir'>,
  global: GlobalOptions,
  io: CliIO,
): Promise<DbHandle> {
  const databaseUrl = global.database ?? config.database ?? (io.env.DATABASE_URL || undefined);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      'database: expected a postgres:// or postgresql:// URL, received another kind of value',
    );
  }
  const handle = await openDatabase(
    databaseUrl ? { databaseUrl } : { dataDir: global.dataDir ?? io.env.IDVKIT_DATA_DIR ?? config.dataDir },
  );
  try {
    await migrate(handle.db);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}
