import type { ConnectionStats, ProviderStats } from './stats.js';

const COUNTERS = [
  'listed',
  'fetched',
  'unchanged',
  'upserted',
  'stale',
  'deleted',
  'givenUp',
  'failed',
  'unmapped',
  'requests',
] as const;

/**
 * Per-provider totals of a run's connections, as `sync --json` printed them before connections (scripts read
 * them) and as `idv.sync_runs.stats` keeps them (`v_sync_health` reads their status). A provider's status is
 * its connections' when they agree, else `partial`; its error joins theirs, each named by its connection.
 */
export function providerTotals(connections: Record<string, ConnectionStats>): Record<string, ProviderStats> {
  const byProvider = new Map<string, Array<[string, ConnectionStats]>>();
  for (const [name, stats] of Object.entries(connections)) {
    const list = byProvider.get(stats.provider) ?? [];
    list.push([name, stats]);
    byProvider.set(stats.provider, list);
  }
  return Object.fromEntries(
    [...byProvider].map(([provider, list]) => {
      const statuses = new Set(list.map(([, s]) => s.status));
      const total: ProviderStats = {
        status: statuses.size === 1 ? list[0]![1].status : 'partial',
        ...Object.fromEntries(COUNTERS.map((k) => [k, list.reduce((n, [, s]) => n + s[k], 0)])),
      } as ProviderStats;
      const errors = list.filter(([, s]) => s.error);
      if (errors.length > 0) {
        total.error =
          list.length === 1
            ? errors[0]![1].error
            : errors.map(([name, s]) => `${name}: ${s.error}`).join('; ');
      }
      return [provider, total];
    }),
  );
}
