import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CliIO,
  type IdvkitConfig,
  parseConfig,
  type SyncFlags,
  type SyncResult,
  sandboxConfig,
  syncCommand,
} from '@idvkit/cli';
import { type DbHandle, enqueueDiscovered, migrate, openDatabase } from '@idvkit/db';
import type { RemoteSandbox } from './remote-sandbox.js';

/** Where fresh benchmark databases come from: a Postgres server (DATABASE_URL) or PGlite. */
export interface DbSource {
  kind: 'postgres' | 'pglite';
  /** Postgres: the admin URL scratch databases are created through. PGlite: a migrated template directory. */
  base: string;
}

/** A fresh, migrated database that is removed on `dispose`. */
export interface ScratchDb {
  handle: DbHandle;
  /** Postgres: the scratch database's URL; PGlite: its data directory. */
  location: string;
  dispose(): Promise<void>;
}

/** Minimal node-postgres surface used by the benchmark (pg is a dependency of @idvkit/db, resolved through it). */
export interface PgClient {
  connect(): Promise<void>;
  query(text: string): Promise<unknown>;
  query<T extends object>(submittable: T): T;
  end(): Promise<void>;
}
type PgModule = { Client: new (opts: { connectionString: string }) => PgClient };

const requireFromDb = createRequire(fileURLToPath(import.meta.resolve('@idvkit/db')));

export function loadPg(): PgModule {
  const mod = requireFromDb('pg') as PgModule | { default: PgModule };
  return 'default' in mod ? mod.default : mod;
}

/** The repository root (the directory holding pnpm-workspace.yaml), searched up from this file, then cwd. */
export function repoRoot(): string {
  for (const start of [dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    let dir = resolve(start);
    for (;;) {
      if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return process.cwd();
}

/** Prepares the source of fresh databases: nothing for Postgres, a migrated PGlite template for PGlite. */
export async function prepareDbSource(databaseUrl: string | undefined, workDir: string): Promise<DbSource> {
  if (databaseUrl) return { kind: 'postgres', base: databaseUrl };
  const template = join(workDir, 'template');
  const handle = await openDatabase({ dataDir: template });
  try {
    await migrate(handle.db);
  } finally {
    await handle.close();
  }
  return { kind: 'pglite', base: template };
}

/** A fresh migrated database: a new Postgres database, or a copy of the PGlite template (initdb takes seconds). */
export async function freshDb(source: DbSource, poolSize?: number): Promise<ScratchDb> {
  const name = `idvkit_bench_${randomBytes(5).toString('hex')}`;
  if (source.kind === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'idvkit-bench-db-'));
    const dataDir = join(dir, 'pgdata');
    await cp(source.base, dataDir, { recursive: true });
    const handle = await openDatabase({ dataDir });
    return {
      handle,
      location: dataDir,
      dispose: async () => {
        await handle.close().catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  await adminQuery(source.base, `CREATE DATABASE ${name}`);
  const url = new URL(source.base);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), ...(poolSize ? { poolSize } : {}) });
  await migrate(handle.db);
  return {
    handle,
    location: url.toString(),
    dispose: async () => {
      await handle.close().catch(() => undefined);
      await adminQuery(source.base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new (loadPg().Client)({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A scratch directory for the whole benchmark. */
export function benchWorkDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'idvkit-bench-'));
}

/** An IO that discards everything (the summary is read from the returned result instead). */
export function quietIO(): CliIO {
  return { stdout: () => undefined, stderr: () => undefined, env: {}, isTTY: false };
}

type ConfigJson = ReturnType<typeof sandboxConfig>['json'];

/**
 * The config of a sandbox. By default the client-side rate limiters are lifted (1e6 req/s), so the zero-latency
 * scenarios measure the engine, not the limiter; `edit` may change anything.
 */
export function benchConfig(sandbox: RemoteSandbox, edit?: (json: ConfigJson) => void): IdvkitConfig {
  const { json } = sandboxConfig(sandbox.configView, { idnow: 'provider' });
  const sandboxRates = new Map(Object.entries(json.providers).map(([n, p]) => [n, p.requestsPerSecond]));
  edit?.(json);
  const config = parseConfig(json, {});
  // Set after parsing: 1e6 is above the config's maximum. A rate `edit` chose is kept.
  for (const p of config.connections) {
    if (p.requestsPerSecond === sandboxRates.get(p.name)) p.requestsPerSecond = 1_000_000;
  }
  return config;
}

/** Queues every Yoti session (Yoti has no list endpoint: in production notifications fill this queue). */
export async function enqueueYoti(handle: DbHandle, sandbox: RemoteSandbox): Promise<void> {
  const ids = (await sandbox.yotiSessionIds()).map((sessionId) => ({ sessionId, source: 'bench' }));
  for (let i = 0; i < ids.length; i += 5_000) {
    await enqueueDiscovered(handle.db, 'yoti', ids.slice(i, i + 5_000), new Date());
  }
}

/** One in-process `idvkit sync` against `handle`, timed. */
export async function timedSync(
  handle: DbHandle,
  config: IdvkitConfig,
  flags: SyncFlags = {},
  extra: { fetch?: typeof fetch } = {},
): Promise<{ result: SyncResult; ms: number }> {
  const t0 = performance.now();
  const result = await syncCommand(config, { json: true, ...flags }, { logLevel: 'error' }, quietIO(), {
    handle,
    ...extra,
  });
  const ms = performance.now() - t0;
  if (result.status !== 'succeeded') {
    const errors = Object.entries(result.providers)
      .filter(([, s]) => s.status !== 'succeeded')
      .map(([n, s]) => `${n}: ${s.status} ${s.error ?? `(${s.failed} failed)`}`);
    throw new Error(`benchmark sync did not succeed: ${errors.join('; ')}`);
  }
  return { result, ms };
}

/** Sum of a numeric field over every provider of a run. */
export function total(
  result: SyncResult,
  field: 'listed' | 'fetched' | 'upserted' | 'unchanged' | 'requests',
) {
  return Object.values(result.providers).reduce((sum, s) => sum + s[field], 0);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** MaxListenersExceededWarnings seen by this process (see {@link quietMaxListenerWarnings}). */
export const warningCounts = { maxListeners: 0 };

/**
 * undici's `Request` keeps an abort listener on the signal it is given until the Request is garbage-collected,
 * so the engine's one signal per run collects thousands between GCs and Node warns once per listener past
 * 1,500 (see docs/benchmarks.md). Count those warnings instead of flooding stderr; print any other warning.
 */
export function quietMaxListenerWarnings(): void {
  process.removeAllListeners('warning');
  process.on('warning', (w) => {
    if (w.name === 'MaxListenersExceededWarning') warningCounts.maxListeners++;
    else process.stderr.write(`${w.name}: ${w.message}\n`);
  });
}
