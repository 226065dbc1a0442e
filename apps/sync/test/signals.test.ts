import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DbHandle, listRuns, migrate, openDatabase, startRun } from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxConfig } from '../src/demo/sandbox-config.js';
import { configFor, dumpData, syncOnce, testSandbox } from './support/harness.js';

const BIN = new URL('../dist/bin.js', import.meta.url).pathname;

type Exit = { code: number | null; signal: string | null; requests: number; stderr: string };

/** Runs `idvkit sync` in a child process; after `after` requests it sends `send` (once). */
function runChild(args: string[], send?: { signal: NodeJS.Signals; after: number }) {
  return new Promise<Exit>((resolve) => {
    const child: ChildProcess = spawn(process.execPath, [BIN, ...args], {
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let requests = 0;
    let buf = '';
    let stderr = '';
    let sent = false;
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      buf += chunk.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const line of lines) if (line.includes('"msg":"request"')) requests++;
      if (send && !sent && requests >= send.after && child.exitCode === null) {
        sent = true;
        child.kill(send.signal);
      }
    });
    child.on('exit', (code, signal) => resolve({ code, signal, requests, stderr }));
  });
}

function cloneUrl(description: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = new URL(description).pathname;
  return url.toString();
}

const lockKey = (provider: string) => sql`hashtextextended(${`idvkit:sync:${provider}`}, 0)`;

for (const target of testDatabases())
  describe(`idvkit sync on SIGINT/SIGTERM/SIGKILL (${target.name})`, () => {
    const tmp = mkdtempSync(join(tmpdir(), 'idvkit-signals-'));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    /** A sandbox, its config file, and a child database (PGlite directory or a fresh Postgres clone). */
    async function setup(name: string) {
      const sandbox = await testSandbox({
        sessions: 80,
        faults: { idnow: { latencyMs: 3 }, verifa: { latencyMs: 3 } },
      });
      const configPath = join(tmp, `${name}.json`);
      writeFileSync(configPath, JSON.stringify(sandboxConfig(sandbox).json));
      const pg = target.name === 'pglite' ? null : await target.open();
      const dataDir = join(tmp, `${name}-pgdata`);
      const dbArgs = pg ? ['--database', cloneUrl(pg.description)] : ['--data-dir', dataDir];
      if (!pg) {
        const seed = await openDatabase({ dataDir });
        await migrate(seed.db);
        await seed.close();
      }
      const args = ['--config', configPath, '--log-level', 'debug', ...dbArgs, 'sync', '--concurrency', '2'];
      /** Runs `fn` with the child's database open (PGlite: only while no child runs). */
      const withDb = async <T>(fn: (h: DbHandle) => Promise<T>): Promise<T> => {
        if (pg) return fn(pg);
        const h = await openDatabase({ dataDir });
        try {
          return await fn(h);
        } finally {
          await h.close();
        }
      };
      const close = async () => {
        await sandbox.stop();
        await pg?.close();
      };
      return { sandbox, args, withDb, close, pg };
    }

    const cases = [
      { signal: 'SIGINT', code: 130 },
      { signal: 'SIGTERM', code: 143 },
    ] as const;
    for (const { signal, code } of cases)
      it(`${signal}: exits ${code}, records the run as interrupted, and a re-run converges`, async () => {
        const s = await setup(signal);
        const reference = await target.open();
        try {
          await syncOnce(reference, configFor(s.sandbox));
          const first = await runChild(s.args, { signal, after: 40 });
          expect(first.code, first.stderr.slice(-2000)).toBe(code);
          const line = first.stderr.match(
            new RegExp(
              `^idvkit: interrupted by ${signal}; run ([0-9a-f-]{36}) recorded as interrupted$`,
              'm',
            ),
          );
          expect(line, first.stderr.slice(-2000)).not.toBeNull();
          const runs = await s.withDb((h) => listRuns(h.db, 10));
          expect(runs.map((r) => [r.runId, r.status])).toEqual([[line![1], 'interrupted']]);
          expect(runs[0]!.finishedAt).not.toBeNull();

          const second = await runChild(s.args);
          expect(second.code, second.stderr.slice(-2000)).toBe(0);
          await s.withDb(async (h) => expect(await dumpData(h)).toEqual(await dumpData(reference)));
        } finally {
          await reference.close();
          await s.close();
        }
      });

    it('a run killed with SIGKILL is marked abandoned by the next run', async () => {
      const s = await setup('sigkill');
      try {
        const first = await runChild(s.args, { signal: 'SIGKILL', after: 40 });
        expect(first.signal).toBe('SIGKILL');
        const [killed] = await s.withDb((h) => listRuns(h.db, 10));
        expect(killed?.status).toBe('running');
        const second = await runChild(s.args);
        expect(second.code, second.stderr.slice(-2000)).toBe(0);
        const runs = await s.withDb((h) => listRuns(h.db, 10));
        expect(runs.map((r) => r.status)).toEqual(['succeeded', 'abandoned']);
        expect(runs[1]!.runId).toBe(killed!.runId);
        expect(runs[1]!.finishedAt).not.toBeNull();
      } finally {
        await s.close();
      }
    });

    if (target.name !== 'pglite')
      it('a running row whose connection lock another live session holds stays running', async () => {
        const s = await setup('held');
        try {
          const db = s.pg!.db;
          const { runId } = await startRun(db, {
            providers: ['idnow'],
            connections: ['idnow-live'],
            options: {},
          });
          await db.connection().execute(async (conn) => {
            const { rows } = await sql<{
              ok: boolean;
            }>`SELECT pg_try_advisory_lock(${lockKey('idnow-live')}) AS ok`.execute(conn);
            expect(rows[0]?.ok).toBe(true);
            try {
              const run = await runChild(s.args);
              // idnow-live is skipped (its lock is held): the run is partial.
              expect(run.code, run.stderr.slice(-2000)).toBe(1);
            } finally {
              await sql`SELECT pg_advisory_unlock(${lockKey('idnow-live')})`.execute(conn);
            }
          });
          const held = (await listRuns(db, 10)).find((r) => r.runId === runId);
          expect(held?.status).toBe('running');
          // Once no session holds the lock, the next run marks it abandoned.
          expect((await runChild(s.args)).code).toBe(0);
          const after = (await listRuns(db, 10)).find((r) => r.runId === runId);
          expect(after?.status).toBe('abandoned');
        } finally {
          await s.close();
        }
      });
  });
