import type { Scope } from '../engine/types.js';
import type { EventScope } from '../http/webhooks/types.js';

/**
 * The key of the connection scope a webhook event's session is fetched in, from the environment and flow the
 * event names (IDnow): the scope of that flow and environment, else any scope of that environment (the fetch
 * is per environment; a flow the config does not list is fetched all the same), else, when the event names no
 * environment and all the connection's scopes share one, that one. `undefined`: nothing to tell (the source
 * fetches without a scope). `null`: the event is about an environment this connection does not sync.
 *
 * `scopes` must be complete: the worker reads a connection's flow catalogue first when its scopes come from it
 * (IDnow `flows: "all"`, see `ensure-discovered.ts`). A source with no scopes at all (an IDnow catalogue with no
 * flow) fetches a session by id in `idScope` (`source.refFor(id, null).scope`): an event naming that scope's
 * environment, or none, is fetched without a scope, one naming another environment is not synced; when
 * `idScope` has no environment there is nothing to tell.
 */
export function eventScopeKey(
  scopes: readonly Scope[],
  event: EventScope | undefined,
  idScope?: Scope,
): string | null | undefined {
  if (!event) return undefined;
  const { environment, flowId } = event;
  if (scopes.length === 0) {
    const own = idScope?.environment ?? null;
    return environment === null || own === null || own === environment ? undefined : null;
  }
  if (environment === null) {
    const envs = new Set(scopes.map((s) => s.environment ?? null));
    return envs.size === 1 ? scopes[0]?.key : undefined;
  }
  const same = scopes.filter((s) => s.environment === environment);
  if (same.length === 0) return null;
  return (same.find((s) => s.flowId === flowId) ?? same[0]!).key;
}
