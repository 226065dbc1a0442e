import { createIdnowClient } from '@idvkit/idnow';
import type { ProviderSource, Scope, SessionRef, SourceContext } from '../../engine/types.js';
import { httpOptions } from '../shared/http-options.js';
import { refsUntil } from '../shared/list-refs.js';
import { timestamp } from '../shared/values.js';
import type { IdnowConfig } from './config.js';
import { normalizeIdnow } from './normalize.js';
import { IDNOW_SENSITIVE_KEYS } from './sensitive.js';

const PAGE_SIZE = 100;

/** IDnow: one scope per configured flow × environment, listed newest first by createdAt. */
export function createIdnowSource(config: IdnowConfig, ctx: SourceContext): ProviderSource {
  const client = createIdnowClient({
    baseUrl: config.baseUrl,
    tokenUrl: config.tokenUrl,
    ...(config.token
      ? { token: config.token }
      : { clientId: config.clientId, clientSecret: config.clientSecret }),
    ...httpOptions(ctx),
  });
  const scopes: Scope[] = config.flows.map((f) => ({
    key: `${f.flowId}/${f.environment}`,
    flowId: f.flowId,
    environment: f.environment,
  }));
  const refFor = (sessionId: string, scope: Scope | null): SessionRef => ({
    sessionId,
    scope: scope ?? { key: 'unknown' },
    createdAt: null,
    updatedAt: null,
  });
  return {
    provider: 'idnow',
    discovery: 'list',
    listsByUpdatedAt: false,
    sensitiveKeys: IDNOW_SENSITIVE_KEYS,
    scopes: () => scopes,
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

/** List timestamps only steer the skip decision; a bad one just means "fetch the details". */
function safeTime(value: unknown): Date | null {
  try {
    return timestamp(value, 'list item');
  } catch {
    return null;
  }
}
