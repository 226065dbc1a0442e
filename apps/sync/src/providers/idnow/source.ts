import { createIdnowClient } from '@idvkit/idnow';
import type { ProviderSource, Scope, SessionRef, SourceContext } from '../../engine/types.js';
import { httpOptions } from '../shared/http-options.js';
import { refsUntil } from '../shared/list-refs.js';
import { timestamp } from '../shared/values.js';
import type { IdnowConfig, IdnowFlowRef } from './config.js';
import { discoverIdnowFlows } from './discover.js';
import { normalizeIdnow } from './normalize.js';
import { IDNOW_SENSITIVE_KEYS } from './sensitive.js';

const PAGE_SIZE = 100;

/**
 * IDnow: one scope per flow × environment, listed newest first by createdAt (the only documented date order; the
 * list has no date filter). With `flows: "all"` the scopes are the flows `discover` found in this process; before
 * it ran there are none, and a session known only by id is fetched from the connection's environment.
 */
export function createIdnowSource(config: IdnowConfig, ctx: SourceContext): ProviderSource {
  const client = createIdnowClient({
    baseUrl: config.baseUrl,
    tokenUrl: config.tokenUrl,
    ...(config.token
      ? { token: config.token }
      : { clientId: config.clientId, clientSecret: config.clientSecret }),
    ...httpOptions(ctx),
  });
  const listed = config.flows === 'all' ? null : config.flows.map(scopeOf);
  let discovered: Scope[] = [];
  // The environment of a session known only by id (worker fetch jobs, re-polls, `check`'s probe).
  const unknownScope: Scope = { key: 'unknown', environment: environmentOf(config) };
  const refFor = (sessionId: string, scope: Scope | null): SessionRef => ({
    sessionId,
    scope: scope ?? unknownScope,
    createdAt: null,
    updatedAt: null,
  });
  return {
    provider: 'idnow',
    discovery: 'list',
    listsByUpdatedAt: false,
    sensitiveKeys: IDNOW_SENSITIVE_KEYS,
    async discover(signal) {
      const flows = await discoverIdnowFlows(client, config, signal);
      if (!listed)
        discovered = flows.map((f) => scopeOf({ flowId: f.flowId, environment: f.environment ?? 'live' }));
      return flows;
    },
    scopes: () => listed ?? discovered,
    list: (scope, window) =>
      refsUntil(
        client
          .listSessions({
            flowId: scope.flowId!,
            environment: scope.environment!,
            size: PAGE_SIZE,
            sortBy: 'createdAt',
            sortDesc: true,
          })
          .pages(),
        window,
        (item) => ({
          sessionId: item.sessionId,
          scope,
          createdAt: safeTime(item.createdAt),
          updatedAt: safeTime(item.updatedAt),
        }),
      ),
    refFor,
    async fetch(ref, { signal }) {
      const environment = ref.scope.environment;
      if (!environment)
        throw new Error(`idnow session ${ref.sessionId}: no environment known to fetch it from`);
      return { ref, payload: await client.getSession(environment, ref.sessionId, { signal }) };
    },
    normalize: normalizeIdnow,
  };
}

/** A flow's scope; the key is the same whether the flow was listed in the config or discovered. */
function scopeOf(f: IdnowFlowRef): Scope {
  return { key: `${f.flowId}/${f.environment}`, flowId: f.flowId, environment: f.environment };
}

/** The connection's environment, or the one environment all its listed flows share (an older shorthand). */
function environmentOf(config: IdnowConfig): string | null {
  if (config.environment) return config.environment;
  if (config.flows === 'all') return 'live';
  const environments = new Set(config.flows.map((f) => f.environment));
  return environments.size === 1 ? [...environments][0]! : null;
}

/** List timestamps only steer the skip decision; a bad one just means "fetch the details". */
function safeTime(value: unknown): Date | null {
  try {
    return timestamp(value, 'list item');
  } catch {
    return null;
  }
}
