import { RateLimiter } from '@idvkit/http';
import type { ProviderEntry } from '../config/load-config.js';
import type { Logger } from '../output/logger.js';
import type { PlannedProvider } from './run-sync.js';
import { emptyStats } from './stats.js';
import type { SourceContext } from './types.js';

/** Builds each configured provider's source with its own counters, rate limiter and request log. */
export function planProviders(
  entries: ProviderEntry[],
  opts: { log: Logger; fetch?: typeof fetch; concurrency?: number; http?: SourceContext['http'] },
): PlannedProvider[] {
  return entries.map((entry) => {
    const stats = emptyStats();
    const ctx: SourceContext = {
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.http ? { http: opts.http } : {}),
      // Smooth spacing (burst 1): a burst at the start would spend the provider's own bucket or window and
      // cost 429s later; at a steady rate the provider's burst allowance stays free to absorb network jitter.
      rateLimiter: new RateLimiter({ requestsPerSecond: entry.requestsPerSecond }),
      maxResponseBytes: entry.maxResponseBytes,
      onRequest: (e) => {
        stats.requests++;
        opts.log.debug('request', { ...e });
      },
    };
    return {
      name: entry.name,
      source: entry.adapter.createSource(entry.config, ctx),
      stats,
      concurrency: opts.concurrency ?? entry.concurrency,
    };
  });
}
