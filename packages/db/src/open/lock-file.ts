import { randomUUID } from 'node:crypto';
import { open, readdir, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/**
 * How long an empty or unparseable lock may still belong to a live writer. idvkit itself never exposes one (its
 * locks are linked into place fully written); earlier versions created the file and then wrote it, a window of
 * microseconds, so anything older is a leftover of a killed process.
 */
export const UNWRITTEN_LOCK_GRACE_MS = 2_000;

/** What a lock file says: who holds it. */
export interface LockContent {
  pid: number;
  hostname: string;
  token: string;
}

/** A lock file as read: its holder (`null` when empty or unparseable) and what identifies this very file. */
export interface LockState {
  holder: LockContent | null;
  text: string;
  ino: number;
  mtimeMs: number;
}

export async function readLock(path: string): Promise<LockState | 'missing'> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  try {
    const text = await handle.readFile('utf8');
    const { ino, mtimeMs } = await handle.stat();
    return { holder: parseLock(text), text, ino, mtimeMs };
  } finally {
    await handle.close();
  }
}

function parseLock(text: string): LockContent | null {
  try {
    const parsed = JSON.parse(text) as Partial<LockContent>;
    if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string') {
      return { pid: parsed.pid, hostname: parsed.hostname, token: String(parsed.token ?? '') };
    }
  } catch {
    // Not JSON: maybe the bare pid an older lock format held, else unparseable.
  }
  const pid = /^\d+\s*$/.test(text) ? Number.parseInt(text, 10) : Number.NaN;
  return Number.isSafeInteger(pid) && pid > 0 ? { pid, hostname: hostname(), token: '' } : null;
}

/** Whether two reads saw the same file with the same content (a replaced lock has another inode or mtime). */
export function sameFile(a: LockState, b: LockState): boolean {
  return a.ino === b.ino && a.mtimeMs === b.mtimeMs && a.text === b.text;
}

/**
 * Whether the holder of a lock may still be running. Another host's lock counts as alive (we cannot check, so
 * never steal it); so does an unwritten one younger than the grace period. `held` tells our own locks from
 * leftovers of an earlier holder that had our pid.
 */
export function isAlive(path: string, state: LockState, held: ReadonlySet<string>): boolean {
  const { holder } = state;
  if (holder === null) return Date.now() - state.mtimeMs < UNWRITTEN_LOCK_GRACE_MS;
  if (holder.hostname !== hostname()) return true;
  if (holder.pid === process.pid) return held.has(path);
  return pidAlive(holder.pid);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Kinds of file a lock leaves beside itself while being taken: its temp file, and a stale lock moved aside. */
type Leftover = 'tmp' | 'stale';

/** `<lock>.<kind>-<pid>-<host>-<uuid>`: whose it is, so a sweep can tell when its writer is gone. */
export function leftoverPath(path: string, kind: Leftover): string {
  return `${path}.${kind}-${process.pid}-${hostname()}-${randomUUID()}`;
}

const LEFTOVER = /^\.(?:tmp|stale)-(\d+)-(.+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Removes the temp and moved-aside files of processes that were killed while taking the lock: those of this host
 * whose pid no longer runs. Best effort: a failure here never fails the open.
 */
export async function sweepLeftovers(path: string): Promise<void> {
  const dir = dirname(path);
  const base = basename(path);
  try {
    for (const name of await readdir(dir)) {
      const match = name.startsWith(base) ? LEFTOVER.exec(name.slice(base.length)) : null;
      if (!match || match[2] !== hostname()) continue;
      const pid = Number(match[1]);
      if (pid !== process.pid && !pidAlive(pid)) await unlink(join(dir, name)).catch(() => undefined);
    }
  } catch {
    // The directory cannot be listed: leftovers stay, the lock itself is unaffected.
  }
}
