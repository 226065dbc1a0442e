import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = new URL('../dist/bin.js', import.meta.url).pathname;

/** Runs `idvkit migrate --data-dir <dir>`; with `killAfterMs`, SIGKILLs it that long after spawning. */
function migrate(dataDir: string, killAfterMs?: number) {
  return new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, 'migrate', '--data-dir', dataDir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('idvkit on an embedded data directory whose last user was killed', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'idvkit-lock-cli-'));
  const dataDir = join(tmp, 'pgdata');
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('runs on a directory left with an empty lock file (killed between creating and writing it)', async () => {
    expect(await migrate(dataDir)).toMatchObject({ code: 0 });
    await writeFile(`${dataDir}.lock`, '');
    const past = new Date(Date.now() - 60_000);
    await utimes(`${dataDir}.lock`, past, past);
    const run = await migrate(dataDir);
    expect(run.stderr).not.toContain('in use by');
    expect(run.code).toBe(0);
  });

  // Where each kill lands varies with the machine; what must hold is that none leaves the directory locked.
  it('runs after `idvkit migrate` was SIGKILLed at several points', async () => {
    for (const ms of [0, 60, 400]) {
      await migrate(dataDir, ms);
      const run = await migrate(dataDir);
      expect(run.stderr).not.toContain('in use by');
      expect(run.code).toBe(0);
    }
  });
});
