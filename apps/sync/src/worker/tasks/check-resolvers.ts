import { createComplyCubeClient } from '@idvkit/complycube';
import type { IdvkitConfig } from '../../config/load-config.js';
import type { ComplyCubeConfig } from '../../providers/complycube/config.js';
import { type CheckSessionResolver, complyCubeCheckResolver } from './resolve-check-session.js';

/**
 * A check-to-session resolver for each connection whose events name checks (ComplyCube), keyed by connection
 * name, for `createProcessWebhookEventTask`. `fetch` is injected in tests (the sandbox over loopback).
 */
export function checkResolversFor(
  config: Pick<IdvkitConfig, 'connections'>,
  opts: { fetch?: typeof globalThis.fetch } = {},
): Record<string, CheckSessionResolver> {
  const resolvers: Record<string, CheckSessionResolver> = {};
  for (const p of config.connections) {
    if (p.provider !== 'complycube') continue;
    const c = p.config as ComplyCubeConfig;
    resolvers[p.name] = complyCubeCheckResolver(
      createComplyCubeClient({
        baseUrl: c.baseUrl,
        apiKey: c.apiKey,
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
      }),
    );
  }
  return resolvers;
}
