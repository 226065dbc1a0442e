/**
 * Publishing check for the CLI: pack @idvkit/cli with the workspace packages it needs (as `pnpm publish` would,
 * `workspace:` ranges rewritten), `npm install` the tarballs into an empty directory (third-party dependencies
 * come from the npm registry), and run the installed `idvkit` there: `--version`, `demo`, and `sync --json`
 * against the installed `idvkit sandbox`. Then the README's machine-readable command, run exactly as shown.
 * Needs `dist/` (the root `pnpm test` builds first) and network access to the npm registry.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cleanEnv, type PackResult, packWorkspace, ROOT, run } from './support/pack.js';

/** The CLI and every workspace package it depends on, by directory. */
const PACKAGES = {
  '@idvkit/cli': 'apps/sync',
  '@idvkit/http': 'packages/http',
  '@idvkit/idnow': 'packages/idnow',
  '@idvkit/yoti': 'packages/yoti',
  '@idvkit/complycube': 'packages/complycube',
  '@idvkit/verifa': 'packages/verifa',
  '@idvkit/db': 'packages/db',
  '@idvkit/sandbox': 'packages/sandbox',
} as const;
const NAMES = Object.keys(PACKAGES) as (keyof typeof PACKAGES)[];
const SESSIONS = 20;

/** The README's command for machine-readable output from a checkout (see the README's CLI section). */
const README_COMMAND = ['npx', 'pnpm@10', 'exec', 'idvkit', 'runs', '--json'] as const;

interface RunSummary {
  runId: string;
  status: string;
  providers: Record<string, { status: string; listed: number; fetched: number; upserted: number }>;
}

interface RunRow {
  runId: string;
  status: string;
  stats: Record<string, { fetched?: number }> | null;
}

let work = '';
let packed = new Map<string, PackResult>();
/** The installed CLI's bin, as npm linked it. */
let idvkit = '';

beforeAll(async () => {
  assertBuilt(Object.values(PACKAGES));
  work = await mkdtemp(join(tmpdir(), 'idvkit-install-cli-'));
  packed = await packWorkspace(NAMES, join(work, 'tarballs'));
  const project = join(work, 'project');
  await mkdir(project);
  const tarballs = NAMES.map((n) => packed.get(n)!.filename);
  // --prefix: npm would otherwise look for a package.json or node_modules in the parent directories.
  await run(
    'npm',
    [
      'install',
      '--prefix',
      project,
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      ...tarballs,
    ],
    { cwd: project, env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 },
  );
  idvkit = join(project, 'node_modules', '.bin', 'idvkit');
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** The environment for the embedded PGlite in `dataDir` (an empty DATABASE_URL counts as unset). */
function pgliteEnv(dataDir: string): NodeJS.ProcessEnv {
  return cleanEnv({ IDVKIT_DATA_DIR: dataDir, DATABASE_URL: '' });
}

/** A fresh empty working directory, with a data directory of its own, for one run of the installed CLI. */
async function scratch(name: string): Promise<{ cwd: string; env: NodeJS.ProcessEnv }> {
  const cwd = join(work, name);
  await mkdir(cwd);
  return { cwd, env: pgliteEnv(join(cwd, 'pgdata')) };
}

/** Starts the installed `idvkit sandbox --print-config` and resolves with the config it prints. */
function startSandbox(cwd: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; config: string }> {
  const child = spawn(idvkit, ['sandbox', '--print-config', '--sessions', String(SESSIONS)], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      try {
        JSON.parse(stdout);
        resolve({ child, config: stdout });
      } catch {
        // the config is not complete yet
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      reject(new Error(`idvkit sandbox exited (${code}) before printing its config:\n${stderr}`)),
    );
  });
}

describe('the packed CLI, installed with npm into an empty directory', () => {
  it('ships the CLI without benchmark or test code, with a bin, a LICENSE and real version ranges', () => {
    const files = packed.get('@idvkit/cli')!.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'LICENSE',
        'bin/idvkit.js',
        'dist/bin.js',
        'dist/index.js',
        'idvkit.config.schema.json',
      ]),
    );
    expect(files.filter((f) => /bench/i.test(f))).toEqual([]);
    expect(files.filter((f) => /\.test\.[cm]?[jt]s$|(^|\/)(test|tests|fixtures|support)\//.test(f))).toEqual(
      [],
    );
    expect(
      files.filter(
        (f) =>
          !/^(dist|src|bin)\/|^(package\.json|LICENSE|README\.md|CHANGELOG\.md|idvkit\.config\.schema\.json)$/.test(
            f,
          ),
      ),
    ).toEqual([]);
  });

  it.each(NAMES)('%s installs from its tarball, once, with no workspace: ranges left', async (name) => {
    const installed = join(work, 'project/node_modules', name);
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8'));
    expect(manifest.private).toBeUndefined();
    expect(JSON.stringify(manifest)).not.toContain('workspace:');
    expect(await readFile(join(installed, 'LICENSE'), 'utf8')).toBe(
      await readFile(join(ROOT, 'LICENSE'), 'utf8'),
    );
    expect(manifest.repository).toMatchObject({ type: 'git', directory: PACKAGES[name] });
    const lock = JSON.parse(await readFile(join(work, 'project', 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { resolved?: string }>;
    };
    const entries = Object.entries(lock.packages).filter(([path]) => path.endsWith(`node_modules/${name}`));
    expect(entries).toHaveLength(1);
    expect(entries[0]?.[1].resolved).toMatch(/^file:.*\.tgz$/);
  });

  it.each(['@idvkit/cli', '@idvkit/db', '@idvkit/sandbox'])(
    '%s passes publint without errors',
    async (name) => {
      const bytes = await readFile(packed.get(name)!.filename);
      const { messages, pkg } = await publint({
        pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
        level: 'warning',
      });
      expect(
        messages.filter((m) => m.type === 'error').map((m) => formatMessage(m, pkg, { color: false })),
      ).toEqual([]);
    },
  );

  it('idvkit --version prints the packed version', async () => {
    const { cwd, env } = await scratch('version');
    const { stdout } = await run(idvkit, ['--version'], { cwd, env });
    expect(stdout).toBe(`${packed.get('@idvkit/cli')!.version}\n`);
  });

  it('idvkit demo syncs the bundled sandbox into PGlite, and idvkit runs --json lists that run', async () => {
    const { cwd, env } = await scratch('demo');
    const html = join(cwd, 'report.html');
    const demo = await run(idvkit, ['demo', '--sessions', String(SESSIONS), '--html', html], {
      cwd,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(demo.stdout).toMatch(/^run [0-9a-f-]{36}: succeeded$/m);
    expect(existsSync(html)).toBe(true);
    expect(existsSync(join(cwd, 'pgdata'))).toBe(true);

    const { stdout } = await run(idvkit, ['runs', '--json'], { cwd, env });
    const runs = JSON.parse(stdout) as RunRow[];
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('succeeded');
    expect(Object.keys(runs[0]!.stats ?? {}).sort()).toEqual(['complycube', 'idnow', 'verifa', 'yoti']);
    for (const stats of Object.values(runs[0]!.stats ?? {})) expect(stats.fetched).toBe(SESSIONS);
  });

  it('idvkit sync --json syncs the installed idvkit sandbox (config from --print-config)', async () => {
    const { cwd, env } = await scratch('sync');
    const { child, config } = await startSandbox(cwd, env);
    try {
      await writeFile(join(cwd, 'idvkit.config.json'), config);
      const { stdout } = await run(idvkit, ['sync', '--json'], { cwd, env, maxBuffer: 64 * 1024 * 1024 });
      const summary = JSON.parse(stdout) as RunSummary;
      expect(summary.status).toBe('succeeded');
      expect(Object.keys(summary.providers).sort()).toEqual(['complycube', 'idnow', 'verifa', 'yoti']);
      // The providers with a list endpoint; Yoti has none, so it syncs what it is fed (enqueue or notifications).
      for (const name of ['idnow', 'complycube', 'verifa']) {
        expect(summary.providers[name]).toMatchObject({
          status: 'succeeded',
          listed: SESSIONS,
          fetched: SESSIONS,
          upserted: SESSIONS,
        });
      }
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe("the README's machine-readable command from a checkout", () => {
  let data = '';

  beforeAll(async () => {
    assertBuilt(['apps/sync']);
    data = await mkdtemp(join(tmpdir(), 'idvkit-readme-'));
    await run(
      process.execPath,
      [join(ROOT, 'apps/sync/dist/bin.js'), 'demo', '--sessions', '5', '--html', join(data, 'report.html')],
      { cwd: data, env: pgliteEnv(join(data, 'pgdata')) },
    );
  }, 300_000);

  afterAll(async () => {
    if (data) await rm(data, { recursive: true, force: true });
  });

  it(`\`${README_COMMAND.join(' ')}\` prints only JSON on stdout`, async () => {
    const [command, ...args] = README_COMMAND;
    const { stdout } = await run(command, args, {
      cwd: ROOT,
      // Machines whose npm config says `yes=false` would stop npx at its prompt to fetch pnpm.
      env: { ...pgliteEnv(join(data, 'pgdata')), npm_config_yes: 'true' },
    });
    // The whole of stdout, no banner: `pnpm idvkit …` (a package.json script) prints `> idvkit-monorepo@ …` first.
    const runs = JSON.parse(stdout) as RunRow[];
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'succeeded', runId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });
});
