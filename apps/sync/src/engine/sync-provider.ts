import {
  DatabaseUnavailableError,
  getFinalChecks,
  getStoredVersions,
  getSyncState,
  type IdvDb,
  listDiscoveredToFetch,
  listOpenSessions,
  listSessionsNotSyncedSince,
  oldestOpenCreatedAt,
  recordSyncError,
  type SessionRecord,
  type SyncCheckpoint,
  upsertSessions,
} from '@idvkit/db';
import { NotFoundError } from '@idvkit/http';
import type { Logger } from '../output/logger.js';
import { BatchLoader } from './batch-loader.js';
import { listWindow } from './list-window.js';
import { lookahead } from './lookahead.js';
import { minimize } from './minimize.js';
import { loadGivenUp, onNotFound } from './not-found.js';
import { keepSafeRefs } from './reject-ref.js';
import type { ProviderStats } from './stats.js';
import { stopsProvider } from './stops-provider.js';
import { type TaskGroup, TaskPool } from './task-pool.js';
import type { ProviderSource, RawMode, Scope, SessionRef } from './types.js';

/** Everything one provider's part of a run needs. */
export interface ProviderRunOptions {
  db: IdvDb;
  source: ProviderSource;
  runId: string;
  stats: ProviderStats;
  concurrency: number;
  batchSize: number;
  full: boolean;
  since: Date | null;
  dryRun: boolean;
  raw: RawMode;
  lookbackMs: number;
  reopenWindowMs: number;
  signal: AbortSignal;
  log: Logger;
  now: () => Date;
  onProgress: () => void;
  /** Hears every error that stops work of this provider (the run stops all providers on a lost database). */
  onFatal?: (err: unknown) => void;
}

/**
 * discover → fetch → normalize → load for one provider, scope by scope. Details are fetched only for sessions
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

  const fetchOne = async (ref: SessionRef, known: boolean): Promise<void> => {
    if (stopped()) return;
    let payload: unknown;
    let record: SessionRecord;
    try {
      const storedFinalChecks = known
        ? await getFinalChecks(o.db, source.provider, ref.sessionId)
        : new Map();
      const fetched = await withLinkedSignal(o.signal, (signal) =>
        source.fetch(ref, { signal, storedFinalChecks }),
      );
      payload = fetched.payload;
      stats.fetched++;
      const normalized = source.normalize(fetched, o.raw);
      record = normalized.record;
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
      await pool.submit(() => fetchOne(ref, known !== undefined), group);
    }
    o.onProgress();
  };

  try {
    givenUp = await loadGivenUp(o);
    if (source.discovery === 'queue') {
      for await (const ids of listDiscoveredToFetch(o.db, source.provider)) {
        stats.listed += ids.length;
        checkFatal();
        const refs = await keepSafeRefs(
          o,
          ids.map((id) => source.refFor(id, null)),
          'queue',
        );
        for (const ref of refs) await pool.submit(() => fetchOne(ref, true));
      }
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
    await pool.drain();
    await loader.flush();
    checkFatal();
    if (stats.failed > 0 && stats.status === 'succeeded') stats.status = 'partial';
  } catch (err) {
    o.onFatal?.(err);
    await pool.drain().catch(() => undefined);
    stats.status = 'failed';
    stats.error = err instanceof Error ? err.message : String(err);
    o.log.error('provider failed', { provider: source.provider, error: stats.error });
  }
}

/** Scopes listed at once. Each holds one list request (and one page of lookahead) beside the fetch pool. */
const SCOPE_CONCURRENCY = 4;

/** Runs `fn` over `items`, at most `limit` at once; after all have settled, throws the first failure. */
async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}

interface ScopeWork {
  pool: TaskPool;
  loader: BatchLoader<SessionRecord, SyncCheckpoint>;
  handlePage: (refs: SessionRef[], group: TaskGroup) => Promise<void>;
  fetchOne: (ref: SessionRef, known: boolean) => Promise<void>;
  checkFatal: () => void;
}

async function syncScope(o: ProviderRunOptions, scope: Scope, w: ScopeWork): Promise<void> {
  const { source } = o;
  const { pool, fetchOne } = w;
  const state = await getSyncState(o.db, source.provider, scope.key);
  const oldestOpen = source.listsByUpdatedAt
    ? null
    : await oldestOpenCreatedAt(o.db, source.provider, scopeFilter(scope));
  const window = listWindow({
    full: o.full,
    since: o.since,
    watermark: state?.watermark ?? null,
    oldestOpen,
    listsByUpdatedAt: source.listsByUpdatedAt,
    lookbackMs: o.lookbackMs,
    reopenWindowMs: o.reopenWindowMs,
  });
  o.log.debug('listing scope', { provider: source.provider, scope: scope.key, ...window });
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
      scope: scopeFilter(scope),
    })) {
      for (const s of batch)
        await pool.submit(() => fetchOne(source.refFor(s.sessionId, scope), true), tasks);
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
      scope: scopeFilter(scope),
    })) {
      for (const s of batch)
        await pool.submit(() => fetchOne(source.refFor(s.sessionId, scope), true), tasks);
    }
    await pool.drain(tasks);
  }
  // Every fetch of the window has finished. The checkpoint moves only when none failed (in this scope or,
  // conservatively, in one listed beside it: a failed record must be seen again next run), and it commits in
  // the transaction of the last batch holding this scope's records (`loadBatch` drops it if that batch
  // quarantines a record).
  w.checkFatal();
  const clean = !o.dryRun && o.stats.failed === failedBefore;
  await w.loader.flush(clean ? { provider: source.provider, scope: scope.key, watermark } : undefined);
  w.checkFatal();
}

function scopeFilter(scope: Scope) {
  return { environment: scope.environment ?? null, flowId: scope.flowId ?? null };
}

/**
 * Loads a batch in one transaction, with the checkpoints to commit alongside. If the batch fails (a record the
 * database refuses), it is loaded again record by record so the good ones land and each bad one is
 * quarantined at stage `load` with the reason; the checkpoints are then saved only if no record was
 * quarantined. Only when quarantining itself fails (the database is gone) does the error reach the provider.
 */
export async function loadBatch(
  o: ProviderRunOptions,
  batch: SessionRecord[],
  checkpoints: SyncCheckpoint[] = [],
): Promise<void> {
  if (o.dryRun) {
    o.stats.upserted += batch.length;
    return;
  }
  try {
    countLoad(o, await upsertSessions(o.db, batch, o.now(), { checkpoints }));
    return;
  } catch (err) {
    if (err instanceof DatabaseUnavailableError) throw err; // not the records' fault
    if (batch.length === 1 && checkpoints.length === 0) return quarantineLoad(o, batch[0]!, err);
    o.log.warn('batch load failed; loading its records one by one', {
      provider: o.source.provider,
      records: batch.length,
      reason: err instanceof Error ? err.message : String(err),
    });
  }
  const failedBefore = o.stats.failed;
  for (const record of batch) {
    try {
      countLoad(o, await upsertSessions(o.db, [record], o.now()));
    } catch (err) {
      if (err instanceof DatabaseUnavailableError) throw err;
      await quarantineLoad(o, record, err);
    }
  }
  if (o.stats.failed === failedBefore && checkpoints.length > 0) {
    await upsertSessions(o.db, [], o.now(), { checkpoints });
  }
}

function countLoad(o: ProviderRunOptions, r: { written: string[]; stale: string[] }): void {
  o.stats.upserted += r.written.length;
  o.stats.stale += r.stale.length;
}

async function quarantineLoad(o: ProviderRunOptions, record: SessionRecord, err: unknown): Promise<void> {
  o.stats.failed++;
  const reason = err instanceof Error ? err.message : String(err);
  o.log.warn('record quarantined', {
    provider: o.source.provider,
    sessionId: record.sessionId,
    stage: 'load',
    reason,
  });
  // The normalized record (its `raw` is already minimized per the raw mode).
  await recordSyncError(o.db, {
    runId: o.runId,
    provider: o.source.provider,
    sessionId: record.sessionId,
    stage: 'load',
    reason,
    payload: { record },
  });
}

async function onFetchError(
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
  o.log.warn('record quarantined', { provider: source.provider, sessionId: ref.sessionId, stage, reason });
  if (!o.dryRun) {
    await recordSyncError(o.db, {
      runId: o.runId,
      provider: source.provider,
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

/**
 * Runs `fn` with a signal of its own that follows `parent`. Every request made with a signal gets an abort
 * listener on it from undici's Request, released only when the request is garbage-collected, and undici counts
 * a signal's listeners on each new Request: on the run's long-lived signal that is thousands of listeners and
 * quadratic work. A short-lived signal per fetch keeps the run's signal at one listener per fetch in flight.
 */
async function withLinkedSignal<T>(parent: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onAbort();
  else parent.addEventListener('abort', onAbort, { once: true });
  try {
    return await fn(controller.signal);
  } finally {
    parent.removeEventListener('abort', onAbort);
  }
}

/**
 * Whether a listed version is newer than the stored one. A list item without `updatedAt` is unchanged only
 * when the stored row has none either (e.g. a Verifa session nobody has touched yet); otherwise it is fetched.
 */
function isNewer(listed: Date | null, stored: Date | null): boolean {
  if (listed === null) return stored !== null;
  return stored === null || listed.getTime() > stored.getTime();
}

/** Remembers the last `size` ids so an item repeated by a shifting list page is processed once. */
class RecentIds {
  readonly #ids = new Set<string>();
  constructor(private readonly size: number) {}
  add(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.size) this.#ids.delete(this.#ids.values().next().value as string);
    return true;
  }
}
