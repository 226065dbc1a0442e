import type { IdvDb } from '@idvkit/db';
import type { IdvkitConfig } from '../config/load-config.js';
import type { ProviderSource, SourceContext } from '../engine/types.js';
import type { Logger } from '../output/logger.js';
import type { WorkerConnection } from './connection.js';
import { SharedRateBudget } from './rate-budget.js';

/** A connection ready for jobs: its source, whose client draws on the connection's shared rate budget. */
export interface ConnectionSource {
  connection: WorkerConnection;
  source: ProviderSource;
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
}): WorkerContext {
  const byName = new Map<string, ConnectionSource>();
  for (const connection of opts.connections) {
    const { entry } = connection;
    const ctx: SourceContext = {
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.http ? { http: opts.http } : {}),
      rateLimiter: new SharedRateBudget({
        db: opts.db,
        connection: connection.name,
        requestsPerSecond: entry.requestsPerSecond,
      }),
      maxResponseBytes: entry.maxResponseBytes,
      onRequest: (e) => opts.log.debug('request', { connection: connection.name, ...e }),
    };
    byName.set(connection.name, { connection, source: entry.adapter.createSource(entry.config, ctx) });
  }
  return {
    db: opts.db,
    log: opts.log,
    config: opts.config,
    fetchBatchSize: opts.fetchBatchSize ?? 25,
    fetchAttempts: opts.fetchAttempts ?? 5,
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
