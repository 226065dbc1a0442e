import { RateLimiter } from '@idvkit/http';
import type { ConnectionConfig } from '../config/connections.js';
import type { Logger } from '../output/logger.js';
import type { PlannedConnection } from './run-sync.js';
import { emptyStats } from './stats.js';
import type { SourceContext } from './types.js';

/**
 * Builds each connection's source: its own client (credentials, base URL), counters, rate limiter and request
 * log. Two connections of one provider share nothing but the engine.
 */
export function planConnections(
  connections: readonly ConnectionConfig[],
  opts: {
    log: Logger;
    fetch?: typeof fetch;
    concurrency?: number;
    http?: SourceContext['http'];
    /** Builds a connection's rate limiter (the CLI watches its waits); default: a plain one. */
    rateLimiter?: (connection: string, requestsPerSecond: number) => RateLimiter;
  },
): PlannedConnection[] {
  return connections.map((entry) => {
    const stats = { provider: entry.provider, ...emptyStats() };
    const ctx: SourceContext = {
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.http ? { http: opts.http } : {}),
      // Smooth spacing (burst 1): a burst at the start would spend the provider's own bucket or window and
      // cost 429s later; at a steady rate the provider's burst allowance stays free to absorb network jitter.
      rateLimiter:
        opts.rateLimiter?.(entry.name, entry.requestsPerSecond) ??
        new RateLimiter({ requestsPerSecond: entry.requestsPerSecond }),
      maxResponseBytes: entry.maxResponseBytes,
      onRequest: (e) => {
        stats.requests++;
        opts.log.debug('request', { connection: entry.name, ...e });
      },
    };
    return {
      name: entry.name,
      provider: entry.provider,
      source: entry.adapter.createSource(entry.config, ctx),
      stats,
      concurrency: opts.concurrency ?? entry.concurrency,
    };
  });
}
