import {
  getFinalChecks,
  getStoredVersions,
  getSyncState,
  listDiscoveredToFetch,
  listOpenSessions,
  listSessionsNotSyncedSince,
  oldestOpenCreatedAt,
  type SessionRecord,
  type SyncCheckpoint,
} from '@idvkit/db';
import { BatchLoader } from './batch-loader.js';
import { discoverFlows } from './discover-flows.js';
import { onFetchError } from './fetch-error.js';
import { forEachConcurrently } from './for-each-concurrently.js';
import { isNewer } from './is-newer.js';
import { withLinkedSignal } from './linked-signal.js';
import { listWindow } from './list-window.js';
import { loadBatch } from './load-batch.js';
import { lookahead } from './lookahead.js';
import { loadGivenUp } from './not-found.js';
import { type FinalChecks, pageFinalChecks } from './page-final-checks.js';
import type { ProviderRunOptions } from './provider-run-options.js';
import { discoveredToFetch, notePollSummary } from './queue-poll.js';
import { RecentIds } from './recent-ids.js';
import { keepSafeRefs } from './reject-ref.js';
import { stopsProvider } from './stops-provider.js';
import { type TaskGroup, TaskPool } from './task-pool.js';
import type { Scope, SessionRef } from './types.js';

export type { ProviderRunOptions } from './provider-run-options.js';

/**
 * discover → fetch → normalize → load for one connection (an account of a provider), scope by scope. Details are fetched only for sessions
 * whose list item shows a change; fetches run on a bounded pool; records load in batches while the next ones
 * are fetched; a scope's checkpoint commits with the last of its records, once its whole window was read.
 */
export async function syncProvider(o: ProviderRunOptions): Promise<void> {
  const { source, stats } = o;
  const pool = new TaskPool(o.concurrency);
  const loader = new BatchLoader<SessionRecord, SyncCheckpoint>(o.batchSize, (batch, checkpoints) =>
    loadBatch(o, batch, checkpoints),
  );
  const recent = new RecentIds(4096);
  let givenUp: ReadonlySet<string> = new Set();
  // Credentials refused or the database lost mid-run (see stopsProvider): stop the provider.
  let fatal: unknown;
  const setFatal = (err: unknown) => {
    fatal ??= err;
    o.onFatal?.(err);
  };
  const stopped = () => {
    if (fatal === undefined && o.signal.aborted) fatal = o.signal.reason;
    return fatal !== undefined;
  };
  const checkFatal = () => {
    if (stopped()) throw fatal;
  };

  // `stored`: the session's final checks when its page read them already (one query per page, not per session).
  const fetchOne = async (ref: SessionRef, known: boolean, stored?: FinalChecks): Promise<void> => {
    if (stopped()) return;
    let payload: unknown;
    let record: SessionRecord;
    try {
      const storedFinalChecks = known
        ? (stored ?? (await getFinalChecks(o.db, source.provider, ref.sessionId)))
        : new Map();
      const fetched = await withLinkedSignal(o.signal, (signal) =>
        source.fetch(ref, { signal, storedFinalChecks }),
      );
      payload = fetched.payload;
      stats.fetched++;
      const normalized = source.normalize(fetched, o.raw);
      record = { ...normalized.record, connection: o.connection };
      stats.unmapped += normalized.unmapped;
    } catch (err) {
      if (stopsProvider(err, o.signal)) setFatal(err);
      else await onFetchError(o, ref, known, payload, err).catch(setFatal);
      o.onProgress();
      return;
    }
    try {
      // Bad records are quarantined by the loader itself; what reaches here is the database failing.
      await loader.add(record);
    } catch (err) {
      setFatal(err);
    } finally {
      o.onProgress();
    }
  };

  const handlePage = async (refs: SessionRef[], group?: TaskGroup): Promise<void> => {
    checkFatal();
    const fresh = (await keepSafeRefs(o, refs)).filter((r) => recent.add(r.sessionId));
    stats.listed += refs.length;
    const stored = await getStoredVersions(
      o.db,
      source.provider,
      fresh.map((r) => r.sessionId),
    );
    const toFetch: SessionRef[] = [];
    for (const ref of fresh) {
      const known = stored.get(ref.sessionId);
      if (!known && givenUp.has(ref.sessionId)) {
        stats.givenUp++;
        continue;
      }
      if (!o.full && known && !isNewer(ref.updatedAt, known.updatedAt)) {
        stats.unchanged++;
        continue;
      }
      toFetch.push(ref);
    }
    const knownIds = toFetch.filter((r) => stored.has(r.sessionId)).map((r) => r.sessionId);
    const finalChecks = await pageFinalChecks(o, knownIds);
    for (const ref of toFetch) {
      const known = stored.has(ref.sessionId);
      await pool.submit(() => fetchOne(ref, known, known ? finalChecks(ref.sessionId) : undefined), group);
    }
    o.onProgress();
  };

  try {
    givenUp = await loadGivenUp(o);
    await discoverFlows(o);
    if (source.discovery === 'queue') {
      for await (const ids of listDiscoveredToFetch(
        o.db,
        source.provider,
        o.connection,
        discoveredToFetch(o),
      )) {
        stats.listed += ids.length;
        checkFatal();
        const refs = await keepSafeRefs(
          o,
          ids.map((id) => source.refFor(id, null)),
          'queue',
        );
        const finalChecks = await pageFinalChecks(
          o,
          refs.map((r) => r.sessionId),
        );
        for (const ref of refs) await pool.submit(() => fetchOne(ref, true, finalChecks(ref.sessionId)));
      }
      await notePollSummary(o);
    } else {
      // Scopes (IDnow: flow × environment) are listed a few at a time, sharing the fetch pool, so one scope's
      // first page and last fetches overlap with the others'.
      await forEachConcurrently(source.scopes(), SCOPE_CONCURRENCY, (scope) =>
        syncScope(o, scope, { pool, loader, handlePage, fetchOne, checkFatal }).catch((err: unknown) => {
          o.onFatal?.(err);
          throw err;
        }),
      );
    }
    o.onListed?.();
    await pool.drain();
    await loader.flush();
    checkFatal();
    if (stats.failed > 0 && stats.status === 'succeeded') stats.status = 'partial';
  } catch (err) {
    o.onFatal?.(err);
    await pool.drain().catch(() => undefined);
    stats.status = 'failed';
    stats.error = err instanceof Error ? err.message : String(err);
    o.log.error('connection failed', {
      provider: source.provider,
      connection: o.connection,
      error: stats.error,
    });
  }
}

/** Scopes listed at once. Each holds one list request (and one page of lookahead) beside the fetch pool. */
const SCOPE_CONCURRENCY = 4;

interface ScopeWork {
  pool: TaskPool;
  loader: BatchLoader<SessionRecord, SyncCheckpoint>;
  handlePage: (refs: SessionRef[], group: TaskGroup) => Promise<void>;
  fetchOne: (ref: SessionRef, known: boolean, stored?: FinalChecks) => Promise<void>;
  checkFatal: () => void;
}

async function syncScope(o: ProviderRunOptions, scope: Scope, w: ScopeWork): Promise<void> {
  const { source } = o;
  const { pool, fetchOne } = w;
  const state = await getSyncState(o.db, source.provider, scope.key, o.connection);
  const oldestOpen = source.listsByUpdatedAt
    ? null
    : await oldestOpenCreatedAt(o.db, source.provider, scopeFilter(o, scope));
  const window = listWindow({
    full: o.full,
    since: o.since,
    watermark: state?.watermark ?? null,
    oldestOpen,
    listsByUpdatedAt: source.listsByUpdatedAt,
    lookbackMs: o.lookbackMs,
    reopenWindowMs: o.reopenWindowMs,
  });
  o.log.debug('listing scope', {
    provider: source.provider,
    connection: o.connection,
    scope: scope.key,
    ...window,
  });
  const scopeStart = o.now();
  const failedBefore = o.stats.failed;
  // This scope's fetches: the checkpoint waits for them, not for other scopes' (see `drain`).
  const tasks: TaskGroup = new Set();
  let watermark = state?.watermark ?? null;
  for await (const refs of lookahead(source.list(scope, window, o.signal))) {
    await w.handlePage(refs, tasks);
    for (const r of refs) {
      const t = source.listsByUpdatedAt ? r.updatedAt : r.createdAt;
      if (t && (!watermark || t > watermark)) watermark = t;
    }
  }
  // Open sessions older than the window are not on the pages read: poll them by id.
  if (window.stopBefore && !source.listsByUpdatedAt) {
    for await (const batch of listOpenSessions(o.db, source.provider, {
      createdBefore: window.stopBefore,
      scope: scopeFilter(o, scope),
    })) {
      const finalChecks = await pageFinalChecks(
        o,
        batch.map((s) => s.sessionId),
      );
      for (const s of batch)
        await pool.submit(
          () => fetchOne(source.refFor(s.sessionId, scope), true, finalChecks(s.sessionId)),
          tasks,
        );
    }
  }
  await pool.drain(tasks);
  // A complete full listing has written every session it showed; the stored ones it did not show were deleted
  // at the provider (or left the scope). Ask for each by id: a 404 marks it deleted, anything else updates it.
  if (o.full && !o.since && !o.dryRun && o.stats.failed === failedBefore) {
    await w.loader.flush();
    w.checkFatal();
    for await (const batch of listSessionsNotSyncedSince(o.db, source.provider, {
      syncedBefore: scopeStart,
      scope: scopeFilter(o, scope),
    })) {
      const finalChecks = await pageFinalChecks(
        o,
        batch.map((s) => s.sessionId),
      );
      for (const s of batch)
        await pool.submit(
          () => fetchOne(source.refFor(s.sessionId, scope), true, finalChecks(s.sessionId)),
          tasks,
        );
    }
    await pool.drain(tasks);
  }
  // Every fetch of the window has finished. The checkpoint moves only when none failed (in this scope or,
  // conservatively, in one listed beside it: a failed record must be seen again next run), and it commits in
  // the transaction of the last batch holding this scope's records (`loadBatch` drops it if that batch
  // quarantines a record).
  w.checkFatal();
  const clean = !o.dryRun && o.stats.failed === failedBefore;
  await w.loader.flush(
    clean ? { provider: source.provider, connection: o.connection, scope: scope.key, watermark } : undefined,
  );
  w.checkFatal();
}

/**
 * The stored sessions a scope re-polls and checks for deletion: those this connection wrote last. Another
 * connection of the provider may be another account, where they do not exist (a 404 would mark them deleted).
 */
function scopeFilter(o: ProviderRunOptions, scope: Scope) {
  return { connection: o.connection, environment: scope.environment ?? null, flowId: scope.flowId ?? null };
}
