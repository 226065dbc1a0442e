import { createComplyCubeClient } from '@idvkit/complycube';
import type { IdvkitConfig } from '../../config/load-config.js';
import type { SourceContext } from '../../engine/types.js';
import type { ComplyCubeConfig } from '../../providers/complycube/config.js';
import { httpOptions } from '../../providers/shared/http-options.js';
import { type CheckSessionResolver, complyCubeCheckResolver } from './resolve-check-session.js';

/**
 * A check-to-session resolver for each connection whose events name checks (ComplyCube), keyed by connection
 * name, for `createProcessWebhookEventTask`. `opts` are the transport options of the connection's source (the
 * worker's shared rate budget and request metrics), or just an injected `fetch` in tests.
 */
export function checkResolversFor(
  config: Pick<IdvkitConfig, 'connections'>,
  opts: { fetch?: typeof globalThis.fetch } | SourceContext = {},
): Record<string, CheckSessionResolver> {
  const resolvers: Record<string, CheckSessionResolver> = {};
  for (const p of config.connections) {
    if (p.provider !== 'complycube') continue;
    const c = p.config as ComplyCubeConfig;
    resolvers[p.name] = complyCubeCheckResolver(
      createComplyCubeClient({
        baseUrl: c.baseUrl,
        apiKey: c.apiKey,
        ...('rateLimiter' in opts ? httpOptions(opts) : opts.fetch ? { fetch: opts.fetch } : {}),
      }),
    );
  }
  return resolvers;
}
