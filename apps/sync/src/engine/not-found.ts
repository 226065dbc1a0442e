import { getStoredVersions, listGivenUp, markDeleted, recordNotFound, recordSyncError } from '@idvkit/db';
import type { ProviderRunOptions } from './provider-run-options.js';
import type { SessionRef } from './types.js';

/** Runs in which a session never stored may answer 404 before the sync stops asking for it. */
export const NOT_FOUND_GIVE_UP_RUNS = 3;

/**
 * A 404 on a session's fetch. A stored session was deleted at the provider: its row is marked
 * `provider_deleted_at` and kept, which is not an error. A session never stored, though a list showed it or a
 * notification announced it, is an inconsistency at the provider: quarantined at stage `fetch` with the reason,
 * counted as failed (the run is partial, the checkpoint waits), and counted in `idv.not_found_sessions`. After
 * {@link NOT_FOUND_GIVE_UP_RUNS} runs the sync gives up: a discovered id is not fetched again until it is
 * discovered again, a listed one is skipped while listed (see {@link loadGivenUp}).
 * @param known whether the session may be stored (the caller checked, or cannot tell: queue and re-polls)
 */
export async function onNotFound(o: ProviderRunOptions, ref: SessionRef, known: boolean): Promise<void> {
  const { source, stats } = o;
  if (known && (await getStoredVersions(o.db, source.provider, [ref.sessionId])).has(ref.sessionId)) {
    if (!o.dryRun) {
      // Read, then add: `stats.deleted += await …` would add to the value read before the await and lose the
      // deletions counted by fetches running beside this one.
      const deleted = await markDeleted(o.db, source.provider, [ref.sessionId], o.now());
      stats.deleted += deleted;
    }
    return;
  }
  stats.failed++;
  const how = source.discovery === 'queue' ? 'discovered' : 'listed';
  let reason = `not found at the provider (404) although it was ${how}`;
  if (!o.dryRun) {
    const count = await recordNotFound(o.db, {
      provider: source.provider,
      sessionId: ref.sessionId,
      runId: o.runId,
      at: o.now(),
      giveUpAfterRuns: NOT_FOUND_GIVE_UP_RUNS,
    });
    reason += count.givenUp
      ? `; given up after ${count.runs} runs: no longer requested${how === 'discovered' ? ' unless discovered again' : ''}`
      : ` (run ${count.runs} of ${NOT_FOUND_GIVE_UP_RUNS} before it is no longer requested)`;
    await recordSyncError(o.db, {
      runId: o.runId,
      provider: source.provider,
      connection: o.connection,
      sessionId: ref.sessionId,
      stage: 'fetch',
      reason,
      payload: { ref: { ...ref, scope: ref.scope.key } },
    });
  }
  o.log.warn('record quarantined', {
    provider: source.provider,
    connection: o.connection,
    sessionId: ref.sessionId,
    stage: 'fetch',
    reason,
  });
}

/**
 * The listed ids to skip: those the sync gave up on (404 in {@link NOT_FOUND_GIVE_UP_RUNS} runs) and that are
 * still not stored. Read once per provider run; queue providers leave them out in `listDiscoveredToFetch`.
 */
export async function loadGivenUp(o: ProviderRunOptions): Promise<ReadonlySet<string>> {
  return o.source.discovery === 'list' ? listGivenUp(o.db, o.source.provider) : new Set();
}
