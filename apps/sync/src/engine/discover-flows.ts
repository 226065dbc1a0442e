import { upsertFlows } from '@idvkit/db';
import type { ProviderRunOptions } from './provider-run-options.js';
import type { FlowInfo, ProviderSource } from './types.js';

/** What {@link discoverFlows} reads of a connection's run. */
export type DiscoverFlowsOptions = Pick<
  ProviderRunOptions,
  'db' | 'connection' | 'source' | 'dryRun' | 'signal' | 'now' | 'log'
>;

/**
 * The discover step of a connection's run: reads the source's flow catalogue (IDnow flows, Verifa workflows) once,
 * before `scopes()` (a source may build its scopes from it), and stores it in `idv.flows` (not on a dry run).
 * Returns the flows, or null for a source without a catalogue. Used by `sync`, the worker's
 * `idv_sync_connection` and, read-only, by `check` (see {@link readFlows}).
 */
export async function discoverFlows(o: DiscoverFlowsOptions): Promise<FlowInfo[] | null> {
  const flows = await readFlows(o.source, o.connection, o.signal);
  if (flows === null) return null;
  if (!o.dryRun) await upsertFlows(o.db, o.source.provider, o.connection, flows, o.now());
  o.log.debug('flows discovered', {
    provider: o.source.provider,
    connection: o.connection,
    flows: flows.length,
  });
  return flows;
}

/**
 * `source.discover`, or null when the source has none. A failure fails the connection as a list failure does,
 * with a message that says it was the flow catalogue (the provider's error is its `cause`).
 */
export async function readFlows(
  source: ProviderSource,
  connection: string,
  signal: AbortSignal,
): Promise<FlowInfo[] | null> {
  if (!source.discover) return null;
  try {
    return await source.discover(signal);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`discovering the flows of connection ${connection} failed: ${reason}`, { cause: err });
  }
}
