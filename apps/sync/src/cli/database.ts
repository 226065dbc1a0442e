import { type DbHandle, migrate, openDatabase } from '@idvkit/db';
import { ConfigError } from '../config/config-error.js';
import type { IdvkitConfig } from '../config/load-config.js';
import { checkDataDir } from './data-dir.js';
import { describeThrown } from './describe-thrown.js';
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
  const [dataDir, label] = global.dataDir
    ? [global.dataDir, '--data-dir']
    : io.env.IDVKIT_DATA_DIR
      ? [io.env.IDVKIT_DATA_DIR, 'IDVKIT_DATA_DIR']
      : [config.dataDir, 'config.dataDir'];
  if (!databaseUrl) checkDataDir(dataDir, label);
  const handle = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir }).catch((err: unknown) => {
    // PGlite rejects with bare Emscripten `ErrnoError` objects (e.g. a file where it expects a directory).
    throw err instanceof Error
      ? err
      : new Error(`could not open the embedded database at ${dataDir}: ${describeThrown(err)}`);
  });
  try {
    await migrate(handle.db);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}
