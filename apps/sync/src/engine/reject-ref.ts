import { forgetDiscovered, recordSyncError } from '@idvkit/db';
import { describeValue, isSafeId, SAFE_ID_RULE } from '@idvkit/http';
import type { ProviderRunOptions } from './provider-run-options.js';
import type { SessionRef } from './types.js';

/**
 * Keeps the references whose session id is a safe id (`isSafeId`, the rule of `idvkit enqueue` and of the
 * clients' path builder) and quarantines the others at stage `list` with the reason: they are never fetched,
 * stored or compared, and each counts as a failed record (the run ends `partial`). `queue` says the ids came
 * from idv.discovered_sessions (rows older than the rule): those rows are removed too, so the next run does
 * not quarantine them again.
 */
export async function keepSafeRefs(
  o: ProviderRunOptions,
  refs: SessionRef[],
  from: 'list' | 'queue' = 'list',
): Promise<SessionRef[]> {
  const safe = refs.filter((r) => isSafeId(r.sessionId));
  if (safe.length === refs.length) return refs;
  const rejected = refs.filter((r) => !isSafeId(r.sessionId));
  for (const ref of rejected) await quarantine(o, ref, from);
  if (from === 'queue' && !o.dryRun) {
    await forgetDiscovered(
      o.db,
      o.source.provider,
      rejected.map((r) => r.sessionId),
      o.connection,
    );
  }
  return safe;
}

async function quarantine(o: ProviderRunOptions, ref: SessionRef, from: 'list' | 'queue'): Promise<void> {
  o.stats.failed++;
  const received = describeValue(ref.sessionId);
  const where = from === 'list' ? "a list item's session id" : 'a session id of idv.discovered_sessions';
  const reason = `expected ${where} to be ${SAFE_ID_RULE}, received ${received}; not fetched`;
  o.log.warn('record quarantined', {
    provider: o.source.provider,
    connection: o.connection,
    sessionId: received,
    stage: 'list',
    reason,
  });
  if (o.dryRun) return;
  await recordSyncError(o.db, {
    runId: o.runId,
    provider: o.source.provider,
    connection: o.connection,
    // The exact id when a text column can hold it and it is printable; otherwise only the reason shows it.
    sessionId: storable(ref.sessionId) ? ref.sessionId : null,
    stage: 'list',
    reason,
    payload: { ref: { ...ref, sessionId: received, scope: ref.scope.key } },
  });
}

const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

/** A string short and printable enough to store as-is in `session_id` (Postgres text cannot hold U+0000). */
function storable(id: unknown): id is string {
  return typeof id === 'string' && id.length <= 1000 && !UNPRINTABLE.test(id);
}
