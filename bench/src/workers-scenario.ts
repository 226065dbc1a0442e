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
  /**
   * The steady part of the drain: from the moment a quarter of the sessions were stored to the moment 90% were,
   * so each process's start (connections, JIT warm-up) and the last jobs' tail are left out.
   */
  steady: { sessions: number; ms: number; sessionsPerSec: number; cpu: CpuSpent } | null;
}

/** The share of the sessions stored at which the steady window opens, and at which it closes. */
const STEADY_FROM = 0.25;
const STEADY_TO = 0.9;

/**
 * Scenario 8: `idvkit worker` processes sharing one Postgres. With the sandbox enforcing ComplyCube's 10 req/s and
 * Verifa's 300/min and the connections configured at those rates, 3 workers take as long as 1 (the shared rate
 * budget holds the limit across processes) and no request is refused. At zero latency and no limits, the
 * throughput of 1 and of 3 workers (each `--concurrency 4`) shows how the work spreads over processes. Each Node
 * process uses at most one core, and the sandbox and Postgres share the machine's cores with the workers: the
 * scenario measures the CPU of each part and of the whole machine, and says when the machine, not the workers,
 * bounded the scaling. Postgres only (the worker refuses the embedded database).
 */
export async function workersScenario(db: DbSource, sizes: WorkersSizes) {
  const limited: WorkersRun[] = [];
  const unlimited: WorkersRun[] = [];
  const latent: WorkersRun[] = [];
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
        expected: sizes.limited + Math.ceil(sizes.limited / 4),
        rates: LIMITS,
      }),
    );
  }
  const perProvider = Math.max(1, Math.round(sizes.unlimited / 4));
  for (const workers of [1, 3]) {
    unlimited.push(
      await drain(db, workers, {
        sandbox: { seed: 9, sessions: perProvider },
        connections: ['idnow', 'yoti', 'complycube', 'verifa'],
        expected: perProvider * 4,
        rates: { idnow: 1000, yoti: 1000, complycube: 1000, verifa: 1000 },
      }),
    );
  }
  // With a provider's latency, what one process keeps in flight bounds it, not a core: more processes, more
  // requests in flight, as long as the machine has cores to spare.
  const latentPerProvider = Math.max(1, Math.round(sizes.latent / 4));
  const faults = Object.fromEntries(
    ['idnow', 'yoti', 'complycube', 'verifa'].map((p) => [p, { latencyMs: LATENCY_MS }]),
  );
  for (const workers of [1, 3]) {
    latent.push(
      await drain(db, workers, {
        sandbox: { seed: 10, sessions: latentPerProvider, faults },
        connections: ['idnow', 'yoti', 'complycube', 'verifa'],
        expected: latentPerProvider * 4,
        rates: { idnow: 1000, yoti: 1000, complycube: 1000, verifa: 1000 },
      }),
    );
  }
  return { limited, unlimited, latent };
}

/** The sandbox's latency per response in the third pair of drains. */
const LATENCY_MS = 100;

/** Sessions of each pair of drains. */
export interface WorkersSizes {
  limited: number;
  unlimited: number;
  latent: number;
}

interface DrainSetup {
  sandbox: SandboxOptions;
  connections: string[];
  /** Sessions the drain stores when done (for its steady window). */
  expected: number;
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
    const cpuWatch = () =>
      startCpuWatch({
        workerPids: children.map((c) => c.child.pid!),
        sandboxCpuMs: () => sandbox.cpuMs(),
        handle: scratch.handle,
      });
    const watch = await cpuWatch();
    const t0 = performance.now();
    for (const c of setup.connections) {
      await sql`SELECT graphile_worker.add_job(${`idv_sync_connection:${c}`}, ${JSON.stringify({ connection: c })}::json,
        queue_name => ${`idv_sync_connection:${c}`}, job_key => ${`idv_sync_connection:${c}`})`.execute(
        scratch.handle.db,
      );
    }
    const steady = await untilDrained(scratch, setup.expected, cpuWatch);
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
      steady,
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
 * finished (or given up, which the sessions count then shows). On the way, measures the steady window: sessions
 * stored, time and CPU between {@link STEADY_FROM} and {@link STEADY_TO} of `expected` (null if the drain
 * went past both between two looks, as a tiny one does).
 */
async function untilDrained(
  scratch: ScratchDb,
  expected: number,
  cpuWatch: () => Promise<{ stop: () => Promise<CpuSpent> }>,
  timeoutMs = 600_000,
): Promise<WorkersRun['steady']> {
  const deadline = performance.now() + timeoutMs;
  let from: { sessions: number; at: number; watch: { stop: () => Promise<CpuSpent> } } | undefined;
  let steady: WorkersRun['steady'] = null;
  for (;;) {
    const { rows } = await sql<{ jobs: number; sessions: number }>`
      SELECT (SELECT count(*)::int FROM graphile_worker._private_jobs WHERE attempts < max_attempts) AS jobs,
             (SELECT count(*)::int FROM idv.sessions) AS sessions`.execute(scratch.handle.db);
    const { jobs = 0, sessions = 0 } = rows[0] ?? {};
    if (!from && !steady && sessions >= expected * STEADY_FROM && sessions < expected * STEADY_TO) {
      from = { sessions, at: performance.now(), watch: await cpuWatch() };
    } else if (from && sessions >= expected * STEADY_TO) {
      const ms = performance.now() - from.at;
      const n = sessions - from.sessions;
      steady = { sessions: n, ms, sessionsPerSec: n / (ms / 1000), cpu: await from.watch.stop() };
      from = undefined;
    }
    if (jobs === 0) return steady;
    if (performance.now() > deadline)
      throw new Error(`workers: the queue did not drain in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Dataset sizes: small, so the whole bench stays short (the rate-limited runs take about size ÷ 3 s each). */
export function workersSizes(quick: boolean): WorkersSizes {
  return quick
    ? { limited: 30, unlimited: 2_000, latent: 1_000 }
    : { limited: 60, unlimited: 8_000, latent: 2_000 };
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
  // The steady window leaves out each process's start and the tail; the figures below are taken over it.
  const s1 = steadyOf(u1);
  const s3 = steadyOf(u3);
  out.push(
    row(
      '8 workers',
      `zero latency, steady (${STEADY_FROM * 100}–${STEADY_TO * 100}% stored): sess/s 1 → 3 workers`,
      `${int(s1.sessionsPerSec)} → ${int(s3.sessionsPerSec)} (${times(s3.sessionsPerSec / s1.sessionsPerSec)})`,
    ),
  );
  // Why it scales as it does: the cores each part kept busy, and whether the machine had any left.
  out.push(
    row(
      '8 workers',
      'zero latency, steady: cores busy (workers / sandbox / Postgres; machine), 1 → 3 workers',
      `${coresLine(s1)} → ${coresLine(s3)}`,
    ),
  );
  const perSession = (r: Steady) =>
    (r.cpu.workersMs + r.cpu.sandboxMs + r.cpu.postgresMs) / Math.max(1, r.sessions);
  out.push(
    row(
      '8 workers',
      'zero latency, steady: CPU per session (workers + sandbox + Postgres), 1 → 3 workers',
      `${fixed(perSession(s1))} ms → ${fixed(perSession(s3))} ms`,
    ),
  );
  out.push(row('8 workers', 'zero latency: what bounds the 1 → 3 scaling', boundBy(s1, s3)));
  const [d1, d3] = r.latent.map(steadyOf) as [Steady, Steady];
  out.push(
    row(
      '8 workers',
      `${LATENCY_MS} ms latency, no limits, ${int(r.latent[0]!.sessions)} sessions, steady: sess/s 1 → 3 workers`,
      `${int(d1.sessionsPerSec)} → ${int(d3.sessionsPerSec)} (${times(d3.sessionsPerSec / d1.sessionsPerSec)})`,
    ),
  );
  out.push(
    row(
      '8 workers',
      `${LATENCY_MS} ms latency, steady: cores busy (workers / sandbox / Postgres; machine), 1 → 3 workers`,
      `${coresLine(d1)} → ${coresLine(d3)}`,
    ),
  );
  return out;
}

/** What the bound and CPU rows read: the steady window, or the whole drain when it had none. */
type Steady = Pick<WorkersRun, 'sessions' | 'ms' | 'sessionsPerSec' | 'cpu'>;

function steadyOf(r: WorkersRun): Steady {
  return r.steady ?? r;
}

/**
 * One Node process uses at most one core, so more workers help only while cores are idle. When the machine was
 * (nearly) fully busy, the drain measured the machine, not the workers: say so, with the share our processes got.
 */
function boundBy(u1: Steady, u3: Steady): string {
  // Whether 3 workers could have gone faster: the machine's load while they ran.
  const busy = u3.cpu.machineBusy;
  const ours = (r: Steady) => (r.cpu.workersMs + r.cpu.sandboxMs + r.cpu.postgresMs) / r.ms;
  if (busy >= 0.9) {
    return `the machine: with 3 workers its ${u3.cpu.cores} cores were ${Math.round(busy * 100)}% busy; idvkit's processes got ${fixed(ours(u1))} → ${fixed(ours(u3))} cores`;
  }
  return `not the machine (${Math.round(busy * 100)}% busy with 3 workers): workers used ${fixed(u1.cpu.workersMs / u1.ms)} → ${fixed(u3.cpu.workersMs / u3.ms)} cores`;
}

/** `w / s / p; machine N% of C` for one run: CPU time over wall time, per part. */
function coresLine(r: Steady): string {
  const c = r.cpu;
  const cores = (ms: number) => fixed(ms / r.ms, 2);
  return `${cores(c.workersMs)} / ${cores(c.sandboxMs)} / ${cores(c.postgresMs)}; machine ${Math.round(c.machineBusy * 100)}% of ${c.cores}`;
}
