import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseBusyError, openDatabase } from '../src/index.js';
import { acquireDataDirLock } from '../src/open/data-dir-lock.js';

/** The built lock module: child processes are plain `node`, which cannot load the TypeScript source. */
const LOCK_MODULE = pathToFileURL(
  resolve(dirname(fileURLToPath(import.meta.url)), '../dist/open/data-dir-lock.js'),
).href;

/** A child that takes the lock of `dataDir`, prints "locked" and idles until killed. */
const HOLD = `
const { acquireDataDirLock } = await import(${JSON.stringify(LOCK_MODULE)});
await acquireDataDirLock(process.argv[1]);
process.stdout.write('locked\\n');
setInterval(() => {}, 1000);
`;

/** A child that takes and releases the lock of `dataDir` in a tight loop, printing "locked" each time. */
const CHURN = `
const { acquireDataDirLock } = await import(${JSON.stringify(LOCK_MODULE)});
for (;;) {
  const lock = await acquireDataDirLock(process.argv[1]);
  process.stdout.write('locked\\n');
  await lock.release();
}
`;

function child(script: string, dataDir: string): ChildProcess {
  return spawn(process.execPath, ['--input-type=module', '-e', script, dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

const exited = (proc: ChildProcess) =>
  proc.exitCode !== null || proc.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((done) => proc.once('exit', () => done()));

/** Resolves once the child has printed "locked" `times` times (rejects if it exits first). */
function lockedLines(proc: ChildProcess, times: number): Promise<void> {
  return new Promise((done, fail) => {
    let seen = 0;
    proc.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString().split('locked').length - 1;
      if (seen >= times) done();
    });
    proc.once('exit', (code, signal) => fail(new Error(`child exited (${code ?? signal}) before "locked"`)));
  });
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const proc = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await exited(proc);
  return proc.pid!;
}

const longAgo = () => new Date(Date.now() - 60_000);

describe('PGlite data-directory lock', () => {
  let root: string;
  let dataDir: string;
  let lockFile: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'idvkit-lock-test-'));
    dataDir = join(root, 'pgdata');
    lockFile = `${dataDir}.lock`;
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const leftovers = async () => (await readdir(root)).filter((name) => name.startsWith('pgdata.lock.'));

  it.each([
    ['an empty lock (its writer was killed before writing)', ''],
    ['an unparseable lock', '{"pid":12'],
    ['a lock of garbage', 'not a lock at all\n'],
  ])('takes over %s once it is older than the grace period', async (_name, content) => {
    await writeFile(lockFile, content);
    await utimes(lockFile, longAgo(), longAgo());
    const handle = await openDatabase({ dataDir });
    try {
      const held = JSON.parse(await readFile(lockFile, 'utf8')) as { pid: number };
      expect(held.pid).toBe(process.pid);
    } finally {
      await handle.close();
    }
    expect(existsSync(lockFile)).toBe(false);
    expect(await leftovers()).toEqual([]);
  });

  it('takes over a fresh empty lock once it has stayed empty for the grace period', async () => {
    await writeFile(lockFile, '');
    const lock = await acquireDataDirLock(dataDir);
    await lock.release();
    expect(existsSync(lockFile)).toBe(false);
  });

  it('refuses a lock held by a live process, and takes it over once that process is killed', async () => {
    const holder = child(HOLD, dataDir);
    try {
      await lockedLines(holder, 1);
      const error = await openDatabase({ dataDir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseBusyError);
      expect((error as DatabaseBusyError).holderPid).toBe(holder.pid);
    } finally {
      holder.kill('SIGKILL');
      await exited(holder);
    }
    const handle = await openDatabase({ dataDir });
    await handle.close();
  });

  it("never steals another host's lock", async () => {
    await writeFile(lockFile, JSON.stringify({ pid: 1, hostname: `not-${hostname()}`, token: 't' }));
    await utimes(lockFile, longAgo(), longAgo());
    const error = await acquireDataDirLock(dataDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseBusyError);
    await rm(lockFile);
  });

  it('sweeps temp and moved-aside files of dead processes of this host, and nothing else', async () => {
    const live = child(HOLD, join(root, 'other'));
    const dead = await deadPid();
    const here = hostname();
    const names = {
      deadTemp: `pgdata.lock.tmp-${dead}-${here}-${randomUUID()}`, // killed before writing it: empty
      deadAside: `pgdata.lock.stale-${dead}-${here}-${randomUUID()}`,
      liveTemp: `pgdata.lock.tmp-${live.pid}-${here}-${randomUUID()}`,
      otherHost: `pgdata.lock.tmp-${dead}-not-${here}-${randomUUID()}`,
      unrelated: 'pgdata.lock.tmp-notes',
    };
    try {
      await lockedLines(live, 1);
      for (const name of Object.values(names)) await writeFile(join(root, name), '');
      const lock = await acquireDataDirLock(dataDir);
      await lock.release();
      expect((await leftovers()).sort()).toEqual([names.liveTemp, names.otherHost, names.unrelated].sort());
    } finally {
      for (const name of Object.values(names)) await rm(join(root, name), { force: true });
      live.kill('SIGKILL');
      await exited(live);
    }
  });

  // Kill points vary with the machine's speed; what must hold is that no kill leaves the directory locked.
  const killPoints: [string, (proc: ChildProcess) => Promise<void>][] = [
    ['right after spawn', async () => undefined],
    ...[1, 5, 20, 60].map(
      (ms) =>
        [`after ${ms} ms`, () => new Promise<void>((done) => setTimeout(done, ms))] as [
          string,
          () => Promise<void>,
        ],
    ),
    ...[1, 3, 10, 30, 100, 300, 1000].map(
      (n) =>
        [`after ${n} "locked"`, (proc: ChildProcess) => lockedLines(proc, n)] as [
          string,
          (proc: ChildProcess) => Promise<void>,
        ],
    ),
  ];

  it.each(killPoints)('a process SIGKILLed %s never leaves the directory locked', async (_when, wait) => {
    for (let round = 0; round < 3; round++) {
      const proc = child(CHURN, dataDir);
      await wait(proc).catch(() => undefined);
      proc.kill('SIGKILL');
      await exited(proc);
      const lock = await acquireDataDirLock(dataDir);
      await lock.release();
      expect(existsSync(lockFile)).toBe(false);
    }
    expect(await leftovers()).toEqual([]);
  });

  it('a real open succeeds after the kills', async () => {
    const handle = await openDatabase({ dataDir });
    await handle.close();
  });
});
