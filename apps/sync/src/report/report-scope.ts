import { type DbHandle, type IdvDb, listKnownConnections, type ReportFilter } from '@idvkit/db';
import { parseIsoDate } from '../cli/parse-flags.js';
import { ConfigError } from '../config/config-error.js';
import { PROVIDER_NAMES } from '../providers/registry.js';

/** The filter flags every report and `--html` accept, as given. */
export interface ScopeFlags {
  since?: string;
  until?: string;
  provider?: string;
  connection?: string;
  flow?: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/**
 * Parses the filter flags. `--since` is inclusive; `--until` is exclusive, except that a bare date includes
 * that whole day (UTC), so `--since 2026-11-01 --until 2026-11-30` is November. An unknown provider is a usage
 * error listing the providers.
 */
export function parseScopeFlags(flags: ScopeFlags): ReportFilter {
  const since = flags.since === undefined ? undefined : parseIsoDate('--since', flags.since);
  let until = flags.until === undefined ? undefined : parseIsoDate('--until', flags.until);
  if (until && DATE_ONLY.test(flags.until ?? '')) until = new Date(until.getTime() + DAY_MS);
  if (since && until && until <= since) {
    throw new ConfigError(
      `--until: expected a time after --since (${flags.since}), received "${flags.until}"`,
    );
  }
  if (flags.provider !== undefined && !PROVIDER_NAMES.includes(flags.provider)) {
    throw new ConfigError(
      `--provider: expected one of ${[...PROVIDER_NAMES].sort().join(', ')}, received "${flags.provider}"`,
    );
  }
  return {
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    ...(flags.provider !== undefined ? { provider: flags.provider } : {}),
    ...(flags.connection !== undefined ? { connection: flags.connection } : {}),
    ...(flags.flow !== undefined ? { flow: flags.flow } : {}),
  };
}

/**
 * Checks `--connection` against the connections the config names and those the database has rows of (a
 * connection removed from the config still has data): an unknown name is a usage error listing them.
 */
export async function checkConnection(
  db: IdvDb,
  filter: ReportFilter,
  configured: readonly string[],
): Promise<void> {
  if (filter.connection === undefined) return;
  const stored = (await listKnownConnections(db)).map((c) => c.connection);
  const known = [...new Set([...configured, ...stored])].sort();
  if (known.includes(filter.connection)) return;
  throw new ConfigError(
    `--connection: expected one of ${known.length > 0 ? known.join(', ') : '(no connection configured or synced yet)'}, received "${filter.connection}"`,
  );
}

/** `YYYY-MM-DD HH:MM UTC`, or `YYYY-MM-DD` at midnight. */
function when(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The period for people: `2026-11-01 to 2026-11-30 (UTC)`, with a bare date's day included; open ends say
 * "the first session" and "now".
 */
export function describePeriod(filter: Pick<ReportFilter, 'since' | 'until'>): string {
  if (!filter.since && !filter.until) return 'all time';
  const from = filter.since ? when(filter.since) : 'the first session';
  if (!filter.until) return `${from} to now`;
  const midnight = filter.until.toISOString().endsWith('T00:00:00.000Z');
  // An exclusive midnight end reads as the day before, inclusive.
  const to = midnight ? when(new Date(filter.until.getTime() - DAY_MS)) : `before ${when(filter.until)}`;
  return `${from} to ${to}${midnight ? ' (UTC days, inclusive)' : ''}`;
}

/** The database a report read, safe to print: the URL without credentials, or the embedded directory. */
export function describeDatabase(handle: Pick<DbHandle, 'kind' | 'description'>): string {
  return handle.kind === 'pglite'
    ? handle.description.replace(/^PGlite at /, 'embedded (PGlite) at ')
    : handle.description;
}

/** The filters other than the period, e.g. `provider idnow, flow kyc`; empty when none. */
export function describeFilters(filter: ReportFilter): string {
  return (['provider', 'connection', 'flow'] as const)
    .filter((k) => filter[k] !== undefined)
    .map((k) => `${k} ${filter[k]}`)
    .join(', ');
}
