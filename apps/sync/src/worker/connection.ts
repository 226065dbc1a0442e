import type { IdvkitConfig, ProviderEntry } from '../config/load-config.js';

/**
 * One connection as the worker sees it: a name (its job keys, queue, rate budget and webhook path), the
 * provider behind it and its cron schedule (none: no crontab entry).
 * TODO(connections): until named connections land in the config, a connection is a configured provider,
 * named after it, with no schedule; switch `workerConnections` to the connections config after the merge.
 */
export interface WorkerConnection {
  name: string;
  provider: string;
  schedule: string | null;
  entry: ProviderEntry;
}

/** The connections of a config (today: one per configured provider). */
export function workerConnections(config: IdvkitConfig): WorkerConnection[] {
  return config.providers.map((entry) => ({
    name: entry.name,
    provider: entry.name,
    schedule: null,
    entry,
  }));
}
