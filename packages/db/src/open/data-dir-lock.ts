import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { DatabaseBusyError } from '../errors.js';
import {
  isAlive,
  type LockContent,
  type LockState,
  leftoverPath,
  readLock,
  sameFile,
  sweepLeftovers,
  UNWRITTEN_LOCK_GRACE_MS,
} from './lock-file.js';

/** Lock files this process holds, so a lock carrying our own pid can be told apart from a stale one. */
const heldByThisProcess = new Set<string>();

/** link(2) errors meaning the file system has no hard links (not that the lock exists). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/** A held data-directory lock. */
export interface DataDirLock {
  path: string;
  release(): Promise<void>;
}

/**
 * Takes the exclusive lock of an embedded data directory: the file `<dataDir>.lock` holding our pid, host and a
 * token. It is created atomically (the full content is written to a temp file, then hard-linked into place, which
 * fails if a lock exists), so a kill at any point leaves either no lock or a complete one. A lock whose process is
 * gone (same host, pid not running) is stale and taken over, as is an empty or unparseable one older than
 * {@link UNWRITTEN_LOCK_GRACE_MS}; a live one throws {@link DatabaseBusyError}. Another host's lock always counts
 * as live. Two handles in one process also exclude each other.
 */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  const path = `${dataDir}.lock`;
  const mine: LockContent = { pid: process.pid, hostname: hostname(), token: randomUUID() };
  let waitedFor: LockState | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await tryCreate(path, mine)) {
      heldByThisProcess.add(path);
      await sweepLeftovers(path);
      return { path, release: () => release(path, mine.token) };
    }
    const state = await readLock(path);
    if (state === 'missing') continue;
    if (isAlive(path, state, heldByThisProcess)) {
      if (state.holder !== null) throw new DatabaseBusyError(dataDir, path, state.holder.pid);
      // An unwritten lock younger than the grace may be an older idvkit between creating and writing it: wait,
      // look again, and if it is still the very same unwritten file its writer is gone, whatever the clocks say.
      if (waitedFor === undefined || !sameFile(waitedFor, state)) {
        waitedFor = state;
        await delay(UNWRITTEN_LOCK_GRACE_MS);
        continue;
      }
    }
    await takeOverStale(dataDir, path, state);
  }
  throw new DatabaseBusyError(dataDir, path, null);
}

/**
 * Publishes our lock atomically: link(2) of a fully written temp file fails with EEXIST when a lock exists, and
 * never exposes a partly written one. The temp file is removed whatever happens (a kill leaves it to the sweep).
 */
async function tryCreate(path: string, content: LockContent): Promise<boolean> {
  const temp = leftoverPath(path, 'tmp');
  try {
    await writeFile(temp, `${JSON.stringify(content)}\n`, { flag: 'wx' });
    await link(temp, path).catch((err: NodeJS.ErrnoException) => {
      // A file system without hard links (exFAT, some network shares): exclusive copy, not atomic, but an
      // unwritten lock it might leave is stale after the grace period.
      if (!NO_HARD_LINKS.has(err.code ?? '')) throw err;
      return copyFile(temp, path, constants.COPYFILE_EXCL);
    });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/**
 * Moves the stale lock aside atomically (rename), then checks that what was moved is still the stale lock;
 * if a racing process had meanwhile replaced it with a live lock, puts that back and reports busy.
 */
async function takeOverStale(dataDir: string, path: string, stale: LockState): Promise<void> {
  const aside = leftoverPath(path, 'stale');
  try {
    await rename(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = await readLock(aside);
  if (moved !== 'missing' && !sameFile(moved, stale) && isAlive(path, moved, heldByThisProcess)) {
    await link(aside, path).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
    throw new DatabaseBusyError(dataDir, path, moved.holder?.pid ?? null);
  }
  await unlink(aside).catch(() => undefined);
}

async function release(path: string, token: string): Promise<void> {
  heldByThisProcess.delete(path);
  const state = await readLock(path);
  if (state !== 'missing' && state.holder?.token === token) await unlink(path).catch(() => undefined);
}
