import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = new URL('../dist/bin.js', import.meta.url).pathname;
const SESSIONS = 12;
const work = mkdtempSync(join(tmpdir(), 'idvkit-init-check-'));
// A clean environment: no DATABASE_URL, so the CLI uses PGlite in its working directory.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && !k.startsWith('IDVKIT_')),
);

let sandbox: ChildProcess;
let sandboxUrl: string;

/** `idvkit …args` in `cwd`, as a child process. */
function idvkit(cwd: string, args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  sandbox = spawn(process.execPath, [BIN, 'sandbox', '--sessions', String(SESSIONS)], {
    cwd: work,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  sandboxUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    sandbox.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const url = /sandbox listening on (\S+)/.exec(out)?.[1];
      if (url) resolve(url);
    });
    sandbox.on('exit', (code) => reject(new Error(`idvkit sandbox exited with ${code}`)));
  });
});

afterAll(async () => {
  const exited = new Promise((r) => sandbox.once('exit', r));
  sandbox.kill('SIGINT');
  await exited;
  rmSync(work, { recursive: true, force: true });
});

/** `init --sandbox`, as the README writes it when the sandbox got its default port (another may hold it). */
const initArgs = () =>
  sandboxUrl === 'http://127.0.0.1:4010'
    ? ['init', '--sandbox']
    : ['init', '--sandbox', '--sandbox-url', sandboxUrl];

describe('idvkit init --sandbox && idvkit check && idvkit sync --json, in a new directory', () => {
  it('writes a working config, checks every connection without writing, then syncs', async () => {
    const cwd = mkdtempSync(join(work, 'fresh-'));
    const init = await idvkit(cwd, initArgs());
    expect(init.code, init.stderr).toBe(0);
    const config = JSON.parse(readFileSync(join(cwd, 'idvkit.config.json'), 'utf8'));
    expect(config.$schema).toMatch(/idvkit\.config\.schema\.json$/);

    const again = await idvkit(cwd, initArgs());
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      /^idvkit: init: expected no file at .*idvkit\.config\.json \(pass --force to overwrite it\), received an existing file\n$/,
    );
    expect((await idvkit(cwd, [...initArgs(), '--force'])).code).toBe(0);

    const check = await idvkit(cwd, ['check', '--json']);
    expect(check.code, check.stderr).toBe(0);
    const seen = JSON.parse(check.stdout) as {
      ok: boolean;
      connections: Array<{
        connection: string;
        ok: boolean;
        token?: { obtained: boolean };
        firstPages: Array<{ sessions: number }>;
        responses: Array<{ status: number }>;
        clockSkewSeconds?: number;
        notes: string[];
      }>;
    };
    expect(seen.ok).toBe(true);
    const by = Object.fromEntries(seen.connections.map((c) => [c.connection, c]));
    expect(Object.keys(by).sort()).toEqual(['complycube', 'idnow-live', 'idnow-staging', 'verifa', 'yoti']);
    expect(by['idnow-live']?.token?.obtained).toBe(true);
    // Two flows per environment; the first page of ComplyCube and Verifa holds every session of this small sandbox.
    expect(by['idnow-live']?.firstPages).toHaveLength(2);
    expect(by.verifa?.firstPages).toEqual([{ scope: 'default', sessions: SESSIONS }]);
    expect(by.complycube?.firstPages).toEqual([{ scope: 'default', sessions: SESSIONS }]);
    // The workflow catalogue (discover), then the first page of sessions.
    expect(by.verifa?.responses).toHaveLength(2);
    expect(by.yoti?.responses.map((r) => r.status)).toEqual([404]);
    expect(Math.abs(by.yoti?.clockSkewSeconds ?? 99)).toBeLessThan(5);
    expect(by.yoti?.notes.join(' ')).toMatch(/no list endpoint.*webhooks.*enqueue/);
    // check writes nothing: no database was created.
    expect(existsSync(join(cwd, '.idvkit'))).toBe(false);

    const sync = await idvkit(cwd, ['sync', '--json']);
    expect(sync.code, sync.stderr).toBe(0);
    const run = JSON.parse(sync.stdout) as {
      status: string;
      connections: Record<string, { upserted: number }>;
    };
    expect(run.status).toBe('succeeded');
    expect(run.connections.verifa?.upserted).toBe(SESSIONS);
  });

  it('a refused credential fails its connection (exit 1) and never prints the key', async () => {
    const cwd = mkdtempSync(join(work, 'refused-'));
    expect((await idvkit(cwd, initArgs())).code).toBe(0);
    const file = join(cwd, 'idvkit.config.json');
    const config = JSON.parse(readFileSync(file, 'utf8'));
    config.providers.verifa.apiKey = 'vk_wrong_SECRET_key';
    writeFileSync(file, JSON.stringify(config));

    const check = await idvkit(cwd, ['check', '--connection', 'verifa', 'complycube']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^complycube \(complycube\): ok\n/m);
    expect(check.stdout).toMatch(/^verifa \(verifa\): FAILED\n {2}error: .*401/m);
    expect(check.stdout + check.stderr).not.toContain('SECRET');
  });

  it('init --sandbox without a running sandbox: exit 2, one line, no file', async () => {
    const cwd = mkdtempSync(join(work, 'nosandbox-'));
    const closed = await closedPort();
    const r = await idvkit(cwd, ['init', '--sandbox', '--sandbox-url', `http://127.0.0.1:${closed}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^idvkit: --sandbox-url: expected a running idvkit sandbox at http:\/\/127\.0\.0\.1:\d+ .*, received no answer \(ECONNREFUSED\)\n$/,
    );
    expect(existsSync(join(cwd, 'idvkit.config.json'))).toBe(false);
  });

  it('init without --sandbox: a starter whose every credential is an environment reference', async () => {
    const cwd = mkdtempSync(join(work, 'starter-'));
    const r = await idvkit(cwd, ['init']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/set IDNOW_CLIENT_ID, IDNOW_CLIENT_SECRET, .*VERIFA_API_KEY/);
    const check = await idvkit(cwd, ['check']);
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(
      /^idvkit: config\.connections\.idnow\.clientId: expected the environment variable IDNOW_CLIENT_ID to be set, but it is not\n$/,
    );
  });
});

/** A loopback port nothing listens on: one the system just gave out and took back. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
