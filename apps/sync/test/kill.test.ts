import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enqueueDiscovered, openDatabase } from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxConfig } from '../src/demo/sandbox-config.js';
import { configFor, dumpData, syncOnce, testSandbox } from './support/harness.js';

const BIN = new URL('../dist/bin.js', import.meta.url).pathname;

/** Runs `idvkit sync` in a child process; resolves when it exits or was killed after `killAfter` requests. */
function runChild(args: string[], env: NodeJS.ProcessEnv, killAfter?: number) {
  return new Promise<{ code: number | null; signal: string | null; requests: number; tail: string }>(
    (resolve) => {
      const child: ChildProcess = spawn(process.execPath, [BIN, ...args], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let requests = 0;
      let buf = '';
      let tail = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        tail = (tail + chunk.toString()).slice(-2000);
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const line of lines) if (line.includes('"msg":"request"')) requests++;
        if (killAfter !== undefined && requests >= killAfter && child.exitCode === null)
          child.kill('SIGKILL');
      });
      child.on('exit', (code, signal) => resolve({ code, signal, requests, tail }));
    },
  );
}

/** The clone's URL with the credentials of TEST_DATABASE_URL (a handle's description carries none). */
function cloneUrl(description: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = new URL(description).pathname;
  return url.toString();
}

for (const target of testDatabases())
  describe(`a sync killed with SIGKILL mid-run (${target.name})`, () => {
    const tmp = mkdtempSync(join(tmpdir(), 'idvkit-kill-'));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    it('converges on re-run to exactly the database of an uninterrupted run', async () => {
      const sandbox = await testSandbox({
        sessions: 120,
        faults: { idnow: { latencyMs: 3 }, verifa: { latencyMs: 3 } },
      });
      const configPath = join(tmp, 'config.json');
      writeFileSync(configPath, JSON.stringify(sandboxConfig(sandbox).json));
      const reference = await target.open();
      const killed = target.name === 'pglite' ? null : await target.open();
      try {
        const yotiIds = sandbox.yotiSessionIds().map((sessionId) => ({ sessionId, source: 'test' }));
        await enqueueDiscovered(reference.db, 'yoti', yotiIds, new Date());
        await syncOnce(reference, configFor(sandbox));

        // The child's database: a PGlite directory, or a fresh Postgres database.
        const dataDir = join(tmp, 'pgdata');
        const dbArgs = killed ? ['--database', cloneUrl(killed.description)] : ['--data-dir', dataDir];
        const seed = killed ?? (await openDatabase({ dataDir }));
        if (!killed) {
          const { migrate } = await import('@idvkit/db');
          await migrate(seed.db);
        }
        await enqueueDiscovered(seed.db, 'yoti', yotiIds, new Date());
        if (!killed) await seed.close();

        const args = [
          '--config',
          configPath,
          '--log-level',
          'debug',
          ...dbArgs,
          'sync',
          '--concurrency',
          '2',
        ];
        const first = await runChild(args, {}, 150);
        expect(first.signal, first.tail).toBe('SIGKILL');
        const second = await runChild(args, {});
        expect(second.code, second.tail).toBe(0);

        const resumed = killed ?? (await openDatabase({ dataDir }));
        try {
          expect(await dumpData(resumed)).toEqual(await dumpData(reference));
        } finally {
          await resumed.close();
        }
      } finally {
        await sandbox.stop();
        await reference.close();
      }
    });
  });
