import { type CheckRecord, getFinalChecksOf } from '@idvkit/db';
import type { ProviderRunOptions } from './provider-run-options.js';

/** Final checks of one session, by check id. */
export type FinalChecks = ReadonlyMap<string, CheckRecord>;

/**
 * The stored final checks of a page (or queue batch) of known sessions, read in one query instead of one per
 * session fetch; returns the lookup each fetch of the page uses. Read before the page's fetches start: a check
 * stored as final stays final, so a lookup that is a little old can only cause a re-fetch, never a skipped one.
 */
export async function pageFinalChecks(
  o: ProviderRunOptions,
  sessionIds: readonly string[],
): Promise<(sessionId: string) => FinalChecks> {
  const bySession = await getFinalChecksOf(o.db, o.source.provider, sessionIds);
  return (sessionId) => bySession.get(sessionId) ?? new Map();
}
