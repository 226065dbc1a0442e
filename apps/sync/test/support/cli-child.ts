import { spawn } from 'node:child_process';

const BIN = new URL('../../dist/bin.js', import.meta.url).pathname;

/** How a child `idvkit` process ended, with everything it wrote. */
export interface ChildResult {
  code: number | null;
  signal: string | null;
  /** `"msg":"request"` log lines seen on stderr (needs `--log-level debug`). */
  requests: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node apps/sync/dist/bin.js …args` and resolves when it exits. `onRequests(n)` is called once, when the
 * child has logged its `atRequests`-th request, so a test can inject a fault while the run is in progress.
 */
export function runCli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; atRequests?: number; onRequests?: () => void } = {},
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let requests = 0;
    let fired = false;
    let pending = '';
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      stderr += text;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.includes('"msg":"request"')) requests++;
      if (!fired && opts.atRequests !== undefined && requests >= opts.atRequests) {
        fired = true;
        opts.onRequests?.();
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, requests, stdout, stderr }));
  });
}
