import { unlinkSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import type { Database } from '../database.js';
import { PGliteDialect } from '../dialect/pglite-dialect.js';
import { registerKind } from '../kind-registry.js';
import { TYPE_PARSERS } from '../type-parsers.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import type { DbHandle } from './handle.js';

/**
 * Opens (creating if needed) a file-persisted PGlite database at `dataDir`, guarded by the data-directory
 * lock. The first open of a new directory runs initdb (several seconds); later opens take about a second.
 */
export async function openPglite(dataDir: string): Promise<DbHandle> {
  const dir = resolve(dataDir);
  await mkdir(dirname(dir), { recursive: true });
  const lock = await acquireDataDirLock(dir);
  const onExit = () => {
    try {
      unlinkSync(lock.path);
    } catch {
      // Already gone.
    }
  };
  process.once('exit', onExit);
  const releaseLock = async () => {
    process.removeListener('exit', onExit);
    await lock.release();
  };

  let pglite: PGlite;
  try {
    pglite = await PGlite.create({ dataDir: dir, parsers: TYPE_PARSERS });
  } catch (err) {
    await releaseLock();
    throw err;
  }
  const handle = wrapPglite(pglite, `PGlite at ${displayPath(dir)}`);
  return {
    ...handle,
    close: async () => {
      try {
        await handle.close();
      } finally {
        await releaseLock();
      }
    },
  };
}

/** A handle over an already created PGlite instance (closed with the handle). */
export function wrapPglite(pglite: PGlite, description: string): DbHandle {
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  registerKind(db, 'pglite');
  return { db, kind: 'pglite', description, close: () => db.destroy() };
}

function displayPath(absolute: string): string {
  const rel = relative(process.cwd(), absolute);
  return rel && !rel.startsWith('..') ? `./${rel}` : absolute;
}
