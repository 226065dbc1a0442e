import type { SyncResult } from '@idvkit/cli';
import { type DbHandle, enqueueDiscovered } from '@idvkit/db';
import { PROVIDERS, type Provider, type SandboxStats } from '@idvkit/sandbox';
import { sql } from 'kysely';
import { watchLiveHeap } from './live-heap.js';
import { startRemoteSandbox } from './remote-sandbox.js';
import {
  benchConfig,
  type DbSource,
  enqueueYoti,
  freshDb,
  peakRssMiB,
  timedSync,
  total,
  warningCounts,
} from './setup.js';

/** What the sync suite (run in a child process) measures. */
export interface SyncSuiteInput {
  db: DbSource;
  sessions: number;
  seed: number;
  /** Also run the incremental scenarios after the full sync. */
  incremental: boolean;
}

type PerProvider<T> = Record<string, T>;

export interface RunFigures {
  ms: number;
  sessions: number;
  requests: number;
  byOperation: PerProvider<Record<string, number>>;
  fetched: PerProvider<number>;
  listed: PerProvider<number>;
  upserted: PerProvider<number>;
}

export interface SyncSuiteOutput {
  full: RunFigures & {
    sessionsPerSec: number;
    peakRssMiB: number;
    /** The most heap in use right after a major GC during the full sync (see watchLiveHeap). */
    liveHeapMiB: number;
    baselineRssMiB: number;
    maxListenerWarnings: number;
    /** CPU time of the syncing process (engine, clients and, on PGlite, the database) during the full sync. */
    cpuMs: number;
    /** CPU time of the sandbox process during the full sync. */
    sandboxCpuMs: number;
  };
  incremental?: RunFigures & { openYoti: number };
  changed?: RunFigures & {
    changed: PerProvider<number>;
    created: PerProvider<number>;
    changedFraction: number;
  };
}

function figures(result: SyncResult, ms: number, stats: SandboxStats): RunFigures {
  return {
    ms,
    sessions: total(result, 'upserted'),
    requests: stats.total,
    byOperation: Object.fromEntries(PROVIDERS.map((p) => [p, stats.providers[p].byOperation])),
    fetched: Object.fromEntries(Object.entries(result.providers).map(([n, s]) => [n, s.fetched])),
    listed: Object.fromEntries(Object.entries(result.providers).map(([n, s]) => [n, s.listed])),
    upserted: Object.fromEntries(Object.entries(result.providers).map(([n, s]) => [n, s.upserted])),
  };
}

/**
 * Scenarios 1 (engine part), 4, 5 and 6: a full sync of a fresh sandbox into a fresh database; then, optionally,
 * a second run over unchanged data and a third after about 1% of the sessions changed.
 */
export async function runSyncSuite(input: SyncSuiteInput): Promise<SyncSuiteOutput> {
  const perProvider = Math.max(1, Math.round(input.sessions / PROVIDERS.length));
  const sandbox = await startRemoteSandbox({ seed: input.seed, sessions: perProvider });
  const scratch = await freshDb(input.db);
  try {
    const { handle } = scratch;
    const config = benchConfig(sandbox);
    await enqueueYoti(handle, sandbox);
    const baselineRssMiB = peakRssMiB();
    await sandbox.resetStats();
    const sandboxCpu0 = await sandbox.cpuMs();
    const cpu0 = process.cpuUsage();
    const liveHeap = watchLiveHeap();
    const full = await timedSync(handle, config);
    const cpu = process.cpuUsage(cpu0);
    const liveHeapMiB = liveHeap.stop();
    const sandboxCpuMs = (await sandbox.cpuMs()) - sandboxCpu0;
    const fullFigures = figures(full.result, full.ms, await sandbox.stats());
    const out: SyncSuiteOutput = {
      full: {
        ...fullFigures,
        sessionsPerSec: fullFigures.sessions / (full.ms / 1000),
        peakRssMiB: peakRssMiB(),
        liveHeapMiB,
        maxListenerWarnings: warningCounts.maxListeners,
        cpuMs: (cpu.user + cpu.system) / 1000,
        sandboxCpuMs,
        baselineRssMiB,
      },
    };
    if (!input.incremental) return out;

    const openYoti = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM idv.sessions WHERE provider = 'yoti' AND NOT is_terminal`.execute(
      handle.db,
    );
    await sandbox.resetStats();
    const again = await timedSync(handle, config);
    out.incremental = {
      ...figures(again.result, again.ms, await sandbox.stats()),
      openYoti: openYoti.rows[0]?.n ?? 0,
    };

    // Move about 1% of all sessions on: `progress` is a fraction of the open sessions.
    const open = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM idv.sessions WHERE NOT is_terminal`.execute(handle.db);
    const stored = full.result.providers;
    const all = Object.values(stored).reduce((s, p) => s + p.upserted, 0);
    const progress = Math.min(1, (0.01 * all) / Math.max(1, open.rows[0]?.n ?? 1));
    const advanced = await sandbox.advance({ minutes: 1, create: 0, progress });
    // Yoti has no list: its changes arrive as notifications, i.e. in the queue.
    await enqueueYotiIds(handle, advanced.changed.yoti);
    await sandbox.resetStats();
    const third = await timedSync(handle, config);
    const count = (ids: Record<Provider, string[]>) =>
      Object.fromEntries(PROVIDERS.map((p) => [p, ids[p].length]));
    const changed = count(advanced.changed);
    out.changed = {
      ...figures(third.result, third.ms, await sandbox.stats()),
      changed,
      created: count(advanced.created),
      changedFraction: Object.values(changed).reduce((a, b) => a + b, 0) / all,
    };
    return out;
  } finally {
    await scratch.dispose();
    await sandbox.stop();
  }
}

async function enqueueYotiIds(handle: DbHandle, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const items = ids.map((sessionId) => ({ sessionId, source: 'notification' }));
  await enqueueDiscovered(handle.db, 'yoti', items, new Date());
}
