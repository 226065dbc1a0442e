import { readFileSync } from 'node:fs';
import type { DbHandle } from '@idvkit/db';
import { sql } from 'kysely';

/** Linux clock ticks per second (`getconf CLK_TCK`; 100 on every Linux the bench runs on). */
const TICKS_PER_SEC = 100;

/** CPU time (user + system) process `pid` has used so far, ms; 0 when it is gone or not on Linux. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces), from field 3: utime is 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SEC) * 1000;
  } catch {
    return 0;
  }
}

/** The whole machine's CPU so far, ms summed over its cores: busy (all but idle and iowait) and total. */
export function machineCpuMs(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const t = line.trim().split(/\s+/).slice(1).map(Number);
    const total = t.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (t[3] ?? 0) + (t[4] ?? 0);
    return { busy: ((total - idle) / TICKS_PER_SEC) * 1000, total: (total / TICKS_PER_SEC) * 1000 };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** Postgres backends serving the database of `handle` (a local server: their CPU is on this machine). */
export async function backendPids(handle: DbHandle): Promise<number[]> {
  const { rows } = await sql<{ pid: number }>`
    SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`.execute(
    handle.db,
  );
  return rows.map((r) => r.pid);
}

/** CPU used between {@link startCpuWatch} and `stop()`, ms, by each group of processes, and the machine's load. */
export interface CpuSpent {
  workersMs: number;
  sandboxMs: number;
  /** Backends of the run's database (ones that closed during the run are missed: a lower bound). */
  postgresMs: number;
  /** Machine-wide busy share over the run, 0–1 of all cores (other processes on the machine included). */
  machineBusy: number;
  cores: number;
}

/**
 * Samples CPU before a timed run and again at its end: worker processes by pid, the sandbox through its own
 * report, and the Postgres backends of the run's database (the server's other processes are not counted).
 */
export async function startCpuWatch(o: {
  workerPids: number[];
  sandboxCpuMs: () => Promise<number>;
  handle: DbHandle;
}): Promise<{ stop: () => Promise<CpuSpent> }> {
  const workers0 = o.workerPids.map(processCpuMs);
  const sandbox0 = await o.sandboxCpuMs();
  const pg0 = new Map((await backendPids(o.handle)).map((pid) => [pid, processCpuMs(pid)]));
  const machine0 = machineCpuMs();
  return {
    async stop() {
      const machine = machineCpuMs();
      const workersMs = o.workerPids.reduce((n, pid, i) => n + processCpuMs(pid) - workers0[i]!, 0);
      const sandboxMs = (await o.sandboxCpuMs()) - sandbox0;
      let postgresMs = 0;
      for (const pid of await backendPids(o.handle)) postgresMs += processCpuMs(pid) - (pg0.get(pid) ?? 0);
      const total = machine.total - machine0.total;
      return {
        workersMs,
        sandboxMs,
        postgresMs,
        machineBusy: total > 0 ? (machine.busy - machine0.busy) / total : 0,
        cores: coresOf(),
      };
    },
  };
}

const coresOf = () =>
  readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((l) => /^cpu\d/.test(l)).length;
