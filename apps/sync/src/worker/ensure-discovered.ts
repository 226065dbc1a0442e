import { discoverFlows } from '../engine/discover-flows.js';
import type { WorkerContext } from './worker-context.js';

/** Reads a connection's flow catalogue if its scopes still wait for it; see {@link discoverOnce}. */
export type EnsureDiscovered = (connection: string, signal: AbortSignal) => Promise<void>;

/**
 * Before a webhook event is mapped to a scope: a connection whose source has a catalogue (`discover`) but no
 * scopes yet (IDnow `flows: "all"` in a process that has not synced it) reads the catalogue with the engine's
 * discover step (stored in idv.flows, as a sync does), once per process: concurrent events share one read. A
 * failed read is not kept, so the event's job fails, graphile-worker retries it, and the retry reads again. A
 * catalogue read that found no flows is not read again (the source has no scopes; see `eventScopeKey`).
 */
export function discoverOnce(ctx: Pick<WorkerContext, 'db' | 'log' | 'connection'>): EnsureDiscovered {
  const reads = new Map<string, Promise<unknown>>();
  return async (name, signal) => {
    const { source } = ctx.connection(name);
    if (!source.discover || source.scopes().length > 0) return;
    let read = reads.get(name);
    if (!read) {
      const started = discoverFlows({
        db: ctx.db,
        connection: name,
        source,
        dryRun: false,
        signal,
        now: () => new Date(),
        log: ctx.log,
      });
      started.catch(() => {
        if (reads.get(name) === started) reads.delete(name);
      });
      reads.set(name, started);
      read = started;
    }
    await read;
  };
}
