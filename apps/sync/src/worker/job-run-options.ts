import type { ProviderRunOptions } from '../engine/provider-run-options.js';
import { emptyStats } from '../engine/stats.js';
import type { ConnectionSource, WorkerContext } from './worker-context.js';

/** The engine's per-provider options for one job of `source`, recording under `runId`. */
export function jobRunOptions(
  ctx: WorkerContext,
  { connection, source }: ConnectionSource,
  runId: string,
  signal: AbortSignal,
): ProviderRunOptions {
  return {
    db: ctx.db,
    connection: connection.name,
    source,
    runId,
    stats: emptyStats(),
    concurrency: 1,
    batchSize: ctx.config.batchSize,
    full: false,
    since: null,
    dryRun: false,
    raw: ctx.config.raw,
    lookbackMs: ctx.config.lookbackMinutes * 60_000,
    reopenWindowMs: ctx.config.reopenWindowDays * 86_400_000,
    signal,
    log: ctx.log,
    now: () => new Date(),
    onProgress: () => undefined,
  };
}
