import type { IdvDb } from '@idvkit/db';
import type { IdvkitConfig } from '../config/load-config.js';
import type { ProviderSource, SourceContext } from '../engine/types.js';
import { type IdvkitMetrics, METRICS } from '../http/metrics.js';
import type { Logger } from '../output/logger.js';
import type { WorkerConnection } from './connection.js';
import { ConnectionSlots } from './connection-slots.js';
import { SharedRateBudget } from './rate-budget.js';
import { checkResolversFor } from './tasks/check-resolvers.js';
import type { CheckSessionResolver } from './tasks/resolve-check-session.js';

/**
 * A connection ready for jobs: its source, whose client draws on the connection's shared rate budget, and the
 * slots that keep this process's fetches of it within the connection's `concurrency`.
 */
export interface ConnectionSource {
  connection: WorkerConnection;
  source: ProviderSource;
  slots: ConnectionSlots;
}

/** What every task of one worker process shares. */
export interface WorkerContext {
  db: IdvDb;
  log: Logger;
  config: Pick<IdvkitConfig, 'raw' | 'lookbackMinutes' | 'reopenWindowDays' | 'batchSize'>;
  /** Sessions per `idv_fetch_sessions` job queued by a sync. */
  fetchBatchSize: number;
  /** graphile-worker `max_attempts` of fetch jobs: the last one records a failure in idv.sync_errors. */
  fetchAttempts: number;
  /** What the tasks count (sessions synced; the clients count requests and rate-limit waits). */
  metrics: IdvkitMetrics;
  /** Per ComplyCube connection: how to find a check's session at the provider, on the connection's budget. */
  resolvers: Readonly<Record<string, CheckSessionResolver>>;
  connection(name: string): ConnectionSource;
}

/** Builds the sources of `connections` once per process (their clients, token caches and rate budgets). */
export function createWorkerContext(opts: {
  db: IdvDb;
  log: Logger;
  config: WorkerContext['config'];
  connections: WorkerConnection[];
  fetch?: typeof fetch;
  http?: SourceContext['http'];
  fetchBatchSize?: number;
  fetchAttempts?: number;
  /** Default {@link METRICS}, the process's (tests pass their own). */
  metrics?: IdvkitMetrics;
}): WorkerContext {
  const metrics = opts.metrics ?? METRICS;
  const byName = new Map<string, ConnectionSource>();
  const resolvers: Record<string, CheckSessionResolver> = {};
  for (const connection of opts.connections) {
    const { entry, name } = connection;
    const ctx: SourceContext = {
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.http ? { http: opts.http } : {}),
      rateLimiter: new SharedRateBudget({
        db: opts.db,
        connection: name,
        requestsPerSecond: entry.requestsPerSecond,
        onWait: (ms) => {
          if (ms > 0) metrics.rateLimitWaits.inc({ connection: name });
        },
      }),
      maxResponseBytes: entry.maxResponseBytes,
      onRequest: (e) => {
        metrics.providerRequests.inc({ connection: name, status: e.status ? String(e.status) : 'error' });
        opts.log.debug('request', { connection: name, ...e });
      },
    };
    byName.set(name, {
      connection,
      source: entry.adapter.createSource(entry.config, ctx),
      slots: new ConnectionSlots(entry.concurrency),
    });
    // A check resolver's requests draw on the same budget and are counted alike.
    Object.assign(resolvers, checkResolversFor({ connections: [entry] }, ctx));
  }
  return {
    db: opts.db,
    log: opts.log,
    config: opts.config,
    fetchBatchSize: opts.fetchBatchSize ?? 25,
    fetchAttempts: opts.fetchAttempts ?? 5,
    metrics,
    resolvers,
    connection(name) {
      const found = byName.get(name);
      if (!found) {
        throw new Error(
          `expected a configured connection (${[...byName.keys()].join(', ')}), received "${name}"`,
        );
      }
      return found;
    },
  };
}
