import type { ConnectionConfig, IdvkitConfig } from '../config/load-config.js';

/**
 * One connection as the worker sees it: a name (its job keys, queue, rate budget and webhook path), the
 * provider behind it and its cron schedule (none: no crontab entry).
 */
export interface WorkerConnection {
  name: string;
  provider: string;
  schedule: string | null;
  entry: ConnectionConfig;
}

/** The connections of a config, named connections and the `providers` shorthand alike. */
export function workerConnections(config: Pick<IdvkitConfig, 'connections'>): WorkerConnection[] {
  return config.connections.map((entry) => ({
    name: entry.name,
    provider: entry.provider,
    schedule: entry.schedule,
    entry,
  }));
}
