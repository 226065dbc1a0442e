import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { migrate } from '../migrate.js';
import type { DbHandle } from '../open/handle.js';
import { wrapPglite } from '../open/open-pglite.js';
import { TYPE_PARSERS } from '../type-parsers.js';
import { schemaHash } from './schema-hash.js';

interface Template {
  dump: Blob;
  fromCache: boolean;
  /** The compiled WASM module and file-system bundle, shared by every clone of this process. */
  runtime: Pick<PGliteOptions, 'pgliteWasmModule' | 'fsBundle'>;
}

let template: Promise<Template> | undefined;

/**
 * A fresh, migrated, in-memory PGlite database, cloned from a migrated data-directory dump. The dump is built
 * once per schema (cached as a tar file in the OS temp directory, shared by test processes) and loaded once
 * per process; each clone then costs one PGlite start from that dump.
 */
export async function openPgliteClone(): Promise<DbHandle> {
  template ??= loadTemplate(true);
  const { dump, runtime, fromCache } = await template;
  try {
    return await clone(dump, runtime);
  } catch (err) {
    if (!fromCache) throw err;
    // A damaged cache file: drop it and build the template again.
    await unlink(cacheFile()).catch(() => undefined);
    template = loadTemplate(false);
    const rebuilt = await template;
    return clone(rebuilt.dump, rebuilt.runtime);
  }
}

async function clone(dump: Blob, runtime: Template['runtime']): Promise<DbHandle> {
  const pglite = await PGlite.create({ loadDataDir: dump, parsers: TYPE_PARSERS, ...runtime });
  return wrapPglite(pglite, 'PGlite (in-memory test database)');
}

function cacheFile(): string {
  return join(tmpdir(), 'idvkit-test-cache', `pglite-${schemaHash()}-${pgliteBuildId()}.tar`);
}

async function loadTemplate(useCache: boolean): Promise<Template> {
  const runtime = await loadRuntime();
  const cached = useCache ? await readFile(cacheFile()).catch(() => null) : null;
  if (cached) return { dump: new Blob([cached]), runtime, fromCache: true };

  const pglite = await PGlite.create({ parsers: TYPE_PARSERS, ...runtime });
  const handle = wrapPglite(pglite, 'PGlite (test template)');
  try {
    await migrate(handle.db);
    const dump = await pglite.dumpDataDir('none');
    await writeAtomically(cacheFile(), new Uint8Array(await dump.arrayBuffer()));
    return { dump, runtime, fromCache: false };
  } finally {
    await handle.close();
  }
}

async function loadRuntime(): Promise<Template['runtime']> {
  try {
    const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    const [wasm, data] = await Promise.all([
      readFile(join(dist, 'pglite.wasm')),
      readFile(join(dist, 'pglite.data')),
    ]);
    return { pgliteWasmModule: await WebAssembly.compile(wasm), fsBundle: new Blob([data]) };
  } catch {
    return {}; // Layout changed: let PGlite load its own files (slower, still correct).
  }
}

/** Identifies the installed PGlite build (its resolved path carries the version under pnpm). */
function pgliteBuildId(): string {
  try {
    const path = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    let h = 0;
    for (const ch of path) h = (h * 31 + ch.charCodeAt(0)) | 0;
    return (h >>> 0).toString(16);
  } catch {
    return 'unknown';
  }
}

async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  } catch {
    // The cache only saves time; a read-only temp directory is fine.
  }
}
