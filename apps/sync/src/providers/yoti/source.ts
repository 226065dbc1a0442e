import { createYotiClient } from '@idvkit/yoti';
import type { ProviderSource, Scope, SourceContext } from '../../engine/types.js';
import { httpOptions } from '../shared/http-options.js';
import type { YotiConfig } from './config.js';
import { normalizeYoti } from './normalize.js';
import { yotiPrivateKeyPem } from './private-key.js';
import { YOTI_SENSITIVE_KEYS } from './sensitive.js';

const SCOPE: Scope = { key: 'default' };

/**
 * Yoti has no list endpoint: session ids come from idv.discovered_sessions (notifications, webhooks,
 * `enqueue`), and open ones are fetched again on the connection's poll schedule until Yoti's retention.
 */
export function createYotiSource(config: YotiConfig, ctx: SourceContext): ProviderSource {
  const client = createYotiClient({
    baseUrl: config.baseUrl,
    sdkId: config.sdkId,
    privateKey: yotiPrivateKeyPem(config),
    ...httpOptions(ctx),
  });
  return {
    provider: 'yoti',
    discovery: 'queue',
    listsByUpdatedAt: false,
    pollSchedule: config.poll,
    sensitiveKeys: YOTI_SENSITIVE_KEYS,
    scopes: () => [SCOPE],
    async *list() {},
    refFor: (sessionId) => ({ sessionId, scope: SCOPE, createdAt: null, updatedAt: null }),
    async fetch(ref, { signal }) {
      return { ref, payload: await client.getSession(ref.sessionId, { signal }) };
    },
    normalize: normalizeYoti,
  };
}
