import { recordSyncError } from '@idvkit/db';
import { NotFoundError } from '@idvkit/http';
import { minimize } from './minimize.js';
import { onNotFound } from './not-found.js';
import type { ProviderRunOptions } from './provider-run-options.js';
import type { SessionRef } from './types.js';

/**
 * A session whose fetch or normalization failed: a 404 goes to {@link onNotFound}; anything else is quarantined in
 * `idv.sync_errors` at stage `fetch` (no payload) or `normalize` (with the payload, minimized like `raw`).
 */
export async function onFetchError(
  o: ProviderRunOptions,
  ref: SessionRef,
  known: boolean,
  payload: unknown,
  err: unknown,
) {
  const { source, stats } = o;
  if (err instanceof NotFoundError && payload === undefined) return onNotFound(o, ref, known);
  stats.failed++;
  const stage = payload === undefined ? 'fetch' : 'normalize';
  const reason = err instanceof Error ? err.message : String(err);
  o.log.warn('record quarantined', {
    provider: source.provider,
    connection: o.connection,
    sessionId: ref.sessionId,
    stage,
    reason,
  });
  if (!o.dryRun) {
    await recordSyncError(o.db, {
      runId: o.runId,
      provider: source.provider,
      connection: o.connection,
      sessionId: ref.sessionId,
      stage,
      reason,
      // Quarantine keeps the payload for debugging, minimized like `raw` (and never with secrets).
      payload:
        payload === undefined
          ? { ref: { ...ref, scope: ref.scope.key } }
          : minimize(payload, o.raw === 'full' ? 'full' : 'minimal', source.sensitiveKeys),
    });
  }
}
