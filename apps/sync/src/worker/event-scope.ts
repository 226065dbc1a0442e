import type { Scope } from '../engine/types.js';
import type { EventScope } from '../http/webhooks/types.js';

/**
 * The key of the connection scope a webhook event's session is fetched in, from the environment and flow the
 * event names (IDnow): the scope of that flow and environment, else any scope of that environment (the fetch
 * is per environment; a flow the config does not list is fetched all the same), else, when the event names no
 * environment and all the connection's scopes share one, that one. `undefined`: nothing to tell (the source
 * fetches without a scope). `null`: the event is about an environment this connection does not sync.
 */
export function eventScopeKey(
  scopes: readonly Scope[],
  event: EventScope | undefined,
): string | null | undefined {
  // No event scope, or no scopes known in this process (IDnow `flows: "all"` before a sync read the catalogue):
  // the session is fetched by id in the connection's environment.
  if (!event || scopes.length === 0) return undefined;
  const { environment, flowId } = event;
  if (environment === null) {
    const envs = new Set(scopes.map((s) => s.environment ?? null));
    return envs.size === 1 ? scopes[0]?.key : undefined;
  }
  const same = scopes.filter((s) => s.environment === environment);
  if (same.length === 0) return null;
  return (same.find((s) => s.flowId === flowId) ?? same[0]!).key;
}
