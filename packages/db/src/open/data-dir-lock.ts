import { randomUUID } from 'node:crypto';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { DatabaseBusyError } from '../errors.js';

/** Lock files this process holds, so a lock carrying our own pid can be told apart from a stale one. */
const heldByThisProcess = new Set<string>();

interface LockContent {
  pid: number;
  hostname: string;
  token: string;
}

/** A held data-directory lock. */
export interface DataDirLock {
  path: string;
  release(): Promise<void>;
}

/**
 * Takes the exclusive lock of an embedded data directory: the file `<dataDir>.lock`, created with O_EXCL and
 * holding our pid. A lock whose process is gone (same host, pid not running) is stale and taken over;
 * a live one throws {@link DatabaseBusyError}. Two handles in one process also exclude each other.
 */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  const path = `${dataDir}.lock`;
  const mine: LockContent = { pid: process.pid, hostname: hostname(), token: randomUUID() };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await tryCreate(path, mine)) {
      heldByThisProcess.add(path);
      return { path, release: () => release(path, mine.token) };
    }
    const holder = await readLock(path);
    if (holder === 'missing') continue;
    if (isAlive(path, holder)) throw new DatabaseBusyError(dataDir, path, holder?.pid ?? null);
    await takeOverStale(dataDir, path, holder);
  }
  throw new DatabaseBusyError(dataDir, path, null);
}

async function tryCreate(path: string, content: LockContent): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    try {
      await handle.writeFile(`${JSON.stringify(content)}\n`);
    } finally {
      await handle.close();
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

async function readLock(path: string): Promise<LockContent | null | 'missing'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockContent>;
    if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string') {
      return { pid: parsed.pid, hostname: parsed.hostname, token: String(parsed.token ?? '') };
    }
  } catch {
    // A half-written lock (the holder crashed between create and write): decided below.
  }
  const pid = Number.parseInt(text, 10);
  return Number.isSafeInteger(pid) ? { pid, hostname: hostname(), token: '' } : null;
}

/** Whether the holder may still be running. Unreadable content or another host counts as alive: never steal. */
function isAlive(path: string, holder: LockContent | null): boolean {
  if (holder === null || holder.hostname !== hostname()) return true;
  if (holder.pid === process.pid) return heldByThisProcess.has(path);
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves the stale lock aside atomically (rename), then checks that what was moved is still the stale lock;
 * if a racing process had meanwhile replaced it with a live lock, puts that back and reports busy.
 */
async function takeOverStale(dataDir: string, path: string, stale: LockContent | null): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = await readLock(aside);
  const sameLock = moved !== 'missing' && moved?.pid === stale?.pid && moved?.token === stale?.token;
  if (!sameLock && moved !== 'missing' && isAlive(path, moved)) {
    await link(aside, path).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
    throw new DatabaseBusyError(dataDir, path, moved?.pid ?? null);
  }
  await unlink(aside).catch(() => undefined);
}

async function release(path: string, token: string): Promise<void> {
  heldByThisProcess.delete(path);
  const holder = await readLock(path);
  if (holder !== 'missing' && holder?.token === token) await unlink(path).catch(() => undefined);
}
