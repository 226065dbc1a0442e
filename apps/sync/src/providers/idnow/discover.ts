import { type IdnowClient, NotFoundError } from '@idvkit/idnow';
import type { FlowInfo } from '../../engine/types.js';
import type { IdnowConfig } from './config.js';

/** The documented maximum page size of the paged flows list; the unpaged variant ignores it (one response). */
const FLOWS_PAGE_SIZE = 100;

/**
 * The flows a connection syncs, with their names: with `flows: "all"` every flow of the connection's environment
 * (`GET /api/v1/flows/{environment}`, one request for up to 100 flows); with listed flows, those, named from the
 * same list of each of their environments. A listed flow missing from the catalogue, or a catalogue the server
 * does not have (404), leaves the name null: the flow is still synced by id. Any other error is thrown.
 * @see https://docs.eu.platform.idnow.sx/docs/integration/get-flows
 */
export async function discoverIdnowFlows(
  client: IdnowClient,
  config: IdnowConfig,
  signal: AbortSignal,
): Promise<FlowInfo[]> {
  const read = (environment: string) =>
    client.listFlows(environment, { pageSize: FLOWS_PAGE_SIZE }, { signal });
  if (config.flows === 'all') {
    const environment = config.environment ?? 'live';
    // Scopes list sessions in the environment the client belongs to, whatever an item's own field says.
    return (await read(environment)).map((f) => ({
      flowId: f.flowId,
      name: f.name || null,
      version: f.version ?? null,
      environment,
    }));
  }
  const named = new Map<string, { name: string; version?: string }>();
  for (const environment of new Set(config.flows.map((f) => f.environment))) {
    try {
      for (const f of await read(environment)) named.set(`${f.flowId}/${environment}`, f);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  return config.flows.map((f) => {
    const found = named.get(`${f.flowId}/${f.environment}`);
    return {
      flowId: f.flowId,
      name: found?.name || null,
      version: found?.version ?? null,
      environment: f.environment,
    };
  });
}
