import type { IdvkitConfig } from '@idvkit/cli';
import type { SessionRecord } from '@idvkit/db';
import { cpuMsOf, naiveCpuPerSession, type RecordedRequest, replayBare, yotiResigner } from './cpu.js';
import { writeRowByRow } from './load.js';
import type { BenchOptions } from './options.js';
import type { RemoteSandbox } from './remote-sandbox.js';
import { type DbSource, freshDb } from './setup.js';

/** The CPU reference points of scenario 1, per session of the full-sync dataset. */
export interface CpuFigures {
  /** Requests the clients made to fetch every session once (replayed by the floor). */
  floorRequests: number;
  /** The floor's fetch part: the same requests with bare fetch + JSON.parse, at the engine's concurrency. */
  floorFetchMsPerSession: number;
  /** The naive loop, issue 13's definition: bare fetch + JSON.parse one at a time, one INSERT per row. */
  naive: Awaited<ReturnType<typeof naiveCpuPerSession>>;
}

/**
 * Replays the requests the clients made for `records` (sandbox `sandbox`, still running): all of them at the
 * engine's total concurrency for the floor, and a sample one at a time plus row-by-row writes of the same
 * sample of records for the naive loop (its CPU is a rate per session).
 */
export async function cpuFigures(
  db: DbSource,
  sandbox: RemoteSandbox,
  config: IdvkitConfig,
  records: SessionRecord[],
  requests: RecordedRequest[],
  o: BenchOptions,
): Promise<CpuFigures> {
  const resign = yotiResigner(sandbox);
  const concurrency = config.connections.reduce((n, c) => n + c.concurrency, 0);
  // Warm up fetch and the JIT on a few requests first, as the engine's long run amortizes its warm-up.
  await replayBare(requests.slice(0, 200), concurrency, resign);
  const floor = await cpuMsOf(() => replayBare(requests, concurrency, resign));
  const scratch = await freshDb(db);
  try {
    const step = Math.max(1, Math.round(records.length / Math.max(1, o.naiveSessions)));
    const naive = await naiveCpuPerSession({
      requests,
      records,
      sessions: records.length,
      step,
      prepare: resign,
      handle: scratch.handle,
      writeRowByRow,
    });
    return { floorRequests: requests.length, floorFetchMsPerSession: floor.cpuMs / records.length, naive };
  } finally {
    await scratch.dispose();
  }
}

/** CPU milliseconds, two decimals. */
export function ms2(ms: number): string {
  return `${ms.toFixed(2)} ms`;
}
