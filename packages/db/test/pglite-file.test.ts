import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseBusyError, migrate, openDatabase, SCHEMA_VERSION, upsertSessions } from '../src/index.js';
import { session } from './factories.js';

/** A live process other than us: `node` idling until killed. */
function idleProcess(): Promise<ChildProcess & { pid: number }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve(child as ChildProcess & { pid: number }));
    child.once('error', reject);
  });
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('file-persisted PGlite', () => {
  let root: string;
  let dataDir: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'idvkit-db-test-'));
    dataDir = join(root, 'nested', 'pgdata');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates parent directories, persists across close and reopen', async () => {
    const first = await openDatabase({ dataDir });
    expect(first.kind).toBe('pglite');
    expect(first.description).toBe(`PGlite at ${dataDir}`);
    await migrate(first.db);
    await upsertSessions(first.db, [session({ provider: 'persist', sessionId: 'kept' })], new Date());
    await first.close();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);

    const second = await openDatabase({ dataDir });
    try {
      expect(await migrate(second.db)).toEqual({ applied: [], version: SCHEMA_VERSION });
      const rows = await second.db.selectFrom('idv.sessions').select('session_id').execute();
      expect(rows).toEqual([{ session_id: 'kept' }]);
    } finally {
      await second.close();
    }
  });

  it('refuses a second open of the same directory in this process until the first closes', async () => {
    const first = await openDatabase({ dataDir });
    try {
      const error = await openDatabase({ dataDir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseBusyError);
      expect((error as DatabaseBusyError).holderPid).toBe(process.pid);
      expect((error as Error).message).toContain(`${dataDir}.lock`);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir });
    await again.close();
  });

  it('refuses a directory locked by another live process, and takes the lock over once it is gone', async () => {
    const holder = await idleProcess();
    try {
      await writeFile(`${dataDir}.lock`, `${holder.pid}\n`);
      const error = await openDatabase({ dataDir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseBusyError);
      expect((error as DatabaseBusyError).holderPid).toBe(holder.pid);
      expect((error as Error).message).toMatch(new RegExp(`in use by process ${holder.pid}`));
    } finally {
      const exited = new Promise((resolve) => holder.once('exit', resolve));
      holder.kill();
      await exited;
    }
    const handle = await openDatabase({ dataDir });
    await handle.close();
  });

  it('takes over a stale lock left by a dead process', async () => {
    await writeFile(
      `${dataDir}.lock`,
      JSON.stringify({ pid: await deadPid(), hostname: (await import('node:os')).hostname(), token: 'old' }),
    );
    const handle = await openDatabase({ dataDir });
    await handle.close();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });
});
