import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sandboxConfig } from '@idvkit/cli';
import type { SandboxOptions } from '@idvkit/sandbox';
import { sql } from 'kysely';
import { type CpuSpent, startCpuWatch } from './process-cpu.js';
import { startRemoteSandbox } from './remote-sandbox.js';
import { fixed, int, type Row, row, secs, times } from './report.js';
import { type DbSource, enqueueYoti, freshDb, type ScratchDb } from './setup.js';

/** `idvkit`'s entry point, beside the `@idvkit/cli` module this package depends on. */
const BIN = join(dirname(fileURLToPath(import.meta.resolve('@idvkit/cli'))), 'bin.js');

/** The sandbox's enforced limits and the clients' matching rates (Verifa: 300 per minute). */
const LIMITS = { complycube: 10, verifa: 5 } as const;

/** One timed drain of the queue by `workers` processes. */
export interface WorkersRun {
  workers: number;
  ms: number;
  sessions: number;
  sessionsPerSec: number;
  requests: number;
  /** Requests answered 429 by the sandbox. */
  limited: number;
  /** Requests per second each rate-limited provider served (first to last request of the run, roughly). */
  requestsPerSec: Record<string, number>;
  /** CPU each part used during the drain, and how busy the whole machine was. */
  cpu: CpuSpent;
}

/**
 * Scenario 8: `idvkit worker` processes sharing one Postgres. With the sandbox enforcing ComplyCube's 10 req/s and
 * Verifa's 300/min and the connections configured at those rates, 3 workers take as long as 1 (the shared rate
 * budget holds the limit across processes) and no request is refused. At zero latency and no limits, the
 * throughput of 1 and of 3 workers (each `--concurrency 4`) shows how the work spreads over processes. Each Node
 * process uses at most one core, and the sandbox and Postgres share the machine's cores with the workers: the
 * scenario measures the CPU of each part and of the whole machine, and says when the machine, not the workers,
 * bounded the scaling. Postgres only (the worker refuses the embedded database).
 */
export async function workersScenario(db: DbSource, sizes: { limited: number; unlimited: number }) {
  const limited: WorkersRun[] = [];
  const unlimited: WorkersRun[] = [];
  for (const workers of [1, 3]) {
    limited.push(
      await drain(db, workers, {
        sandbox: {
          seed: 8,
          sessions: { idnow: 0, yoti: 0, complycube: sizes.limited, verifa: Math.ceil(sizes.limited / 4) },
          rateLimits: {
            complycube: { requestsPerSecond: LIMITS.complycube, burst: LIMITS.complycube },
            verifa: { perMinute: LIMITS.verifa * 60 },
          },
        },
        connections: ['complycube', 'verifa'],
        rates: LIMITS,
      }),
    );
  }
  for (const workers of [1, 3]) {
    unlimited.push(
      await drain(db, workers, {
        sandbox: { seed: 9, sessions: Math.max(1, Math.round(sizes.unlimited / 4)) },
        connections: ['idnow', 'yoti', 'complycube', 'verifa'],
        rates: { idnow: 1000, yoti: 1000, complycube: 1000, verifa: 1000 },
      }),
    );
  }
  return { limited, unlimited };
}

interface DrainSetup {
  sandbox: SandboxOptions;
  connections: string[];
  /** Client-side requests per second per connection (the config's `requestsPerSecond`). */
  rates: Record<string, number>;
}

/** Starts `workers` worker processes on a fresh database, queues one sync per connection, and times the drain. */
async function drain(db: DbSource, workers: number, setup: DrainSetup): Promise<WorkersRun> {
  const sandbox = await startRemoteSandbox(setup.sandbox);
  const scratch = await freshDb(db);
  const dir = await mkdtemp(join(tmpdir(), 'idvkit-bench-workers-'));
  const children: Array<{ child: ChildProcess; ready: Promise<void>; exited: Promise<unknown> }> = [];
  try {
    const { json } = sandboxConfig(sandbox.configView, { idnow: 'provider' });
    const providers = json.providers as Record<string, { requestsPerSecond: number }>;
    for (const [name, rate] of Object.entries(setup.rates)) providers[name]!.requestsPerSecond = rate;
    const config = join(dir, 'config.json');
    await writeFile(config, JSON.stringify(json));
    if (setup.connections.includes('yoti')) await enqueueYoti(scratch.handle, sandbox);
    const args = [
      '--config',
      config,
      '--database',
      scratch.location,
      'worker',
      '--connection',
      ...setup.connections,
    ];
    // The first worker migrates graphile-worker's schema; the others start once it is there.
    children.push(startWorker(args));
    await children[0]!.ready;
    for (let i = 1; i < workers; i++) children.push(startWorker(args));
    await Promise.all(children.map((c) => c.ready));
    await sandbox.resetStats();
    const watch = await startCpuWatch({
      workerPids: children.map((c) => c.child.pid!),
      sandboxCpuMs: () => sandbox.cpuMs(),
      handle: scratch.handle,
    });
    const t0 = performance.now();
    for (const c of setup.connections) {
      await sql`SELECT graphile_worker.add_job(${`idv_sync_connection:${c}`}, ${JSON.stringify({ connection: c })}::json,
        queue_name => ${`idv_sync_connection:${c}`}, job_key => ${`idv_sync_connection:${c}`})`.execute(
        scratch.handle.db,
      );
    }
    await untilDrained(scratch);
    const ms = performance.now() - t0;
    const cpu = await watch.stop();
    const stats = await sandbox.stats();
    const sessions = Number(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM idv.sessions`.execute(scratch.handle.db))
        .rows[0]?.n ?? 0,
    );
    const requestsPerSec: Record<string, number> = {};
    for (const name of Object.keys(LIMITS) as Array<keyof typeof LIMITS>) {
      if (setup.connections.includes(name) && setup.rates[name] === LIMITS[name]) {
        requestsPerSec[name] = stats.providers[name].requests / (ms / 1000);
      }
    }
    return {
      workers,
      ms,
      sessions,
      sessionsPerSec: sessions / (ms / 1000),
      requests: stats.total,
      limited: Object.values(stats.providers).reduce((n, p) => n + p.status['429'], 0),
      requestsPerSec,
      cpu,
    };
  } finally {
    for (const c of children) c.child.kill('SIGTERM');
    await Promise.all(children.map((c) => c.exited));
    await scratch.dispose();
    await sandbox.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function startWorker(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
      if (log.includes('"msg":"worker started"')) resolve();
    });
    void exited.then(() => reject(new Error(`idvkit worker exited before it started:\n${log}`)));
  });
  return { child, ready, exited };
}

/**
 * Waits until graphile-worker's queue holds nothing left to run: every sync and every fetch it queued has
 * finished (or given up, which the sessions count then shows).
 */
async function untilDrained(scratch: ScratchDb, timeoutMs = 600_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE attempts < max_attempts`.execute(
      scratch.handle.db,
    );
    if (rows[0]?.n === 0) return;
    if (performance.now() > deadline)
      throw new Error(`workers: the queue did not drain in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Dataset sizes: small, so the whole bench stays short (the rate-limited runs take about size ÷ 3 s each). */
export function workersSizes(quick: boolean): { limited: number; unlimited: number } {
  return quick ? { limited: 30, unlimited: 2_000 } : { limited: 60, unlimited: 8_000 };
}

/** The results table's rows for {@link workersScenario}. */
export function workersRows(r: Awaited<ReturnType<typeof workersScenario>>): Row[] {
  const [l1, l3] = r.limited as [WorkersRun, WorkersRun];
  const [u1, u3] = r.unlimited as [WorkersRun, WorkersRun];
  const out: Row[] = [];
  out.push(
    row(
      '8 workers',
      `at the limits, ${int(l1.sessions)} sessions: wall 1 → 3 workers`,
      `${secs(l1.ms)} → ${secs(l3.ms)}`,
    ),
  );
  // The limit is the bottleneck: 3 workers cannot be meaningfully faster than 1.
  const speedup = l1.ms / l3.ms;
  out.push(
    row('8 workers', 'at the limits: speed-up of 3 workers', times(speedup), '≤ 1.1×', speedup <= 1.1),
  );
  for (const [name, limit] of Object.entries(LIMITS)) {
    const a = l1.requestsPerSec[name] ?? 0;
    const b = l3.requestsPerSec[name] ?? 0;
    out.push(
      row(
        '8 workers',
        `at the limits: ${name} req/s, 1 / 3 workers`,
        `${fixed(a)} / ${fixed(b)}`,
        `≤ ${limit}`,
        Math.max(a, b) <= limit * 1.02,
      ),
    );
  }
  out.push(
    row(
      '8 workers',
      'at the limits: 429s, 1 / 3 workers',
      `${l1.limited} / ${l3.limited}`,
      '0',
      l1.limited + l3.limited === 0,
    ),
  );
  out.push(
    row(
      '8 workers',
      `zero latency, no limits, ${int(u1.sessions)} sessions: sess/s 1 → 3 workers`,
      `${int(u1.sessionsPerSec)} → ${int(u3.sessionsPerSec)} (${times(u3.sessionsPerSec / u1.sessionsPerSec)})`,
    ),
  );
  // Why it scales as it does: the cores each part kept busy, and whether the machine had any left.
  out.push(
    row(
      '8 workers',
      'zero latency: cores busy (workers / sandbox / Postgres; machine), 1 → 3 workers',
      `${coresLine(u1)} → ${coresLine(u3)}`,
    ),
  );
  const perSession = (r: WorkersRun) =>
    (r.cpu.workersMs + r.cpu.sandboxMs + r.cpu.postgresMs) / Math.max(1, r.sessions);
  out.push(
    row(
      '8 workers',
      'zero latency: CPU per session (workers + sandbox + Postgres), 1 → 3 workers',
      `${fixed(perSession(u1))} ms → ${fixed(perSession(u3))} ms`,
    ),
  );
  out.push(row('8 workers', 'zero latency: what bounds the 1 → 3 scaling', boundBy(u1, u3)));
  return out;
}

/**
 * One Node process uses at most one core, so more workers help only while cores are idle. When the machine was
 * (nearly) fully busy, the drain measured the machine, not the workers: say so, with the share our processes got.
 */
function boundBy(u1: WorkersRun, u3: WorkersRun): string {
  const busy = Math.min(u1.cpu.machineBusy, u3.cpu.machineBusy);
  const ours = (r: WorkersRun) => (r.cpu.workersMs + r.cpu.sandboxMs + r.cpu.postgresMs) / r.ms;
  if (busy >= 0.9) {
    return `the machine: its ${u3.cpu.cores} cores were ${Math.round(busy * 100)}% busy; idvkit's processes got ${fixed(ours(u1))} → ${fixed(ours(u3))} cores`;
  }
  return `not the machine (${Math.round(busy * 100)}% busy): workers used ${fixed(u1.cpu.workersMs / u1.ms)} → ${fixed(u3.cpu.workersMs / u3.ms)} cores`;
}

/** `w / s / p; machine N% of C` for one run: CPU time over wall time, per part. */
function coresLine(r: WorkersRun): string {
  const c = r.cpu;
  const cores = (ms: number) => fixed(ms / r.ms, 2);
  return `${cores(c.workersMs)} / ${cores(c.sandboxMs)} / ${cores(c.postgresMs)}; machine ${Math.round(c.machineBusy * 100)}% of ${c.cores}`;
}
