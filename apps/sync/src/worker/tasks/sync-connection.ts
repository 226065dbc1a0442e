import {
  finishRun,
  getStoredVersions,
  getSyncState,
  listDiscoveredToFetch,
  listOpenFetchErrors,
  listOpenSessions,
  oldestOpenCreatedAt,
  saveSyncState,
  startRun,
  withAdvisoryLocks,
} from '@idvkit/db';
import type { JobHelpers, Task } from 'graphile-worker';
import { discoverFlows } from '../../engine/discover-flows.js';
import { isNewer } from '../../engine/is-newer.js';
import { listWindow } from '../../engine/list-window.js';
import { markAbandonedRuns } from '../../engine/mark-abandoned-runs.js';
import { loadGivenUp } from '../../engine/not-found.js';
import type { ProviderRunOptions } from '../../engine/provider-run-options.js';
import { discoveredToFetch, notePollSummary } from '../../engine/queue-poll.js';
import { keepSafeRefs } from '../../engine/reject-ref.js';
import type { Scope } from '../../engine/types.js';
import { jobRunOptions } from '../job-run-options.js';
import { isString, payloadField } from '../payload.js';
import { fetchSessionJobKey, TASK, taskFor } from '../task-names.js';
import type { WorkerContext } from '../worker-context.js';
import type { FetchSessionsPayload } from './fetch-sessions.js';

/** Payload of `idv_sync_connection`. */
export interface SyncConnectionPayload {
  connection: string;
}

/**
 * `idv_sync_connection`: lists and diffs one connection as `idvkit sync` does (same windows, checkpoints and
 * unchanged-skipping), then queues the changed sessions as `idv_fetch_sessions` batches instead of fetching
 * them here, so every worker process shares the fetching. Recorded in idv.sync_runs like a sync (its stats
 * count what was listed and queued). Holds the connection's sync advisory lock while listing, so it never
 * overlaps an `idvkit sync` of the same connection (the job key and queue already keep two jobs apart).
 * A scope's checkpoint moves once its listing is complete and its fetches are queued: queued jobs are durable
 * and retried, and a session whose fetch fails for good is in idv.sync_errors, queued again by every later
 * sync until a fetch succeeds.
 */
export function syncConnectionTask(ctx: WorkerContext): Task {
  return async (payload, helpers) => {
    const name = payloadField(TASK.syncConnection, payload, 'connection', isString, 'a connection name');
    const cs = ctx.connection(name);
    const { runId } = await startRun(ctx.db, {
      providers: [name],
      options: { worker: true, task: TASK.syncConnection, jobId: helpers.job.id },
    });
    const o = jobRunOptions(ctx, cs, runId, helpers.abortSignal);
    let error: string | null = null;
    try {
      await markAbandonedRuns(ctx.db, 'postgres', runId, false, ctx.log);
      await withAdvisoryLocks(ctx.db, [`sync:${name}`], async (acquired) => {
        if (!acquired.has(`sync:${name}`)) {
          o.stats.status = 'skipped';
          o.stats.error = `another idvkit sync is running for ${name}; skipped`;
          return;
        }
        const queue = new FetchQueue(ctx, name, runId, helpers);
        const givenUp = await loadGivenUp(o);
        await discoverFlows(o);
        if (cs.source.discovery === 'queue') await queueDiscovered(o, queue);
        else for (const scope of cs.source.scopes()) await listScope(o, scope, queue, givenUp);
        await queueOpenFetchErrors(ctx, name, runId, helpers);
      });
    } catch (err) {
      o.stats.status = 'failed';
      error = err instanceof Error ? err.message : String(err);
      throw err;
    } finally {
      const status = helpers.abortSignal.aborted
        ? 'interrupted'
        : o.stats.status === 'failed'
          ? 'failed'
          : o.stats.failed > 0
            ? 'partial'
            : 'succeeded';
      await finishRun(ctx.db, runId, {
        status,
        stats: { [name]: o.stats },
        error: error ?? o.stats.error ?? null,
      });
      ctx.log.info('sync job finished', { connection: name, runId, ...o.stats, status });
    }
  };
}

/** Collects session ids of one scope and queues them in batches. */
class FetchQueue {
  #pending: string[] = [];
  queued = 0;

  constructor(
    private readonly ctx: WorkerContext,
    private readonly connection: string,
    private readonly runId: string,
    private readonly helpers: JobHelpers,
  ) {}

  async add(sessionId: string, scope: Scope): Promise<void> {
    this.#pending.push(sessionId);
    if (this.#pending.length >= this.ctx.fetchBatchSize) await this.flush(scope);
  }

  async flush(scope: Scope): Promise<void> {
    if (this.#pending.length === 0) return;
    const sessionIds = this.#pending;
    this.#pending = [];
    const payload: FetchSessionsPayload = {
      connection: this.connection,
      sessionIds,
      scope: scope.key,
      runId: this.runId,
    };
    await this.helpers.addJob(taskFor(TASK.fetchSessions, this.connection), payload, {
      maxAttempts: this.ctx.fetchAttempts,
    });
    this.queued += sessionIds.length;
  }
}

async function listScope(
  o: ProviderRunOptions,
  scope: Scope,
  queue: FetchQueue,
  givenUp: ReadonlySet<string>,
): Promise<void> {
  const { source, stats } = o;
  const state = await getSyncState(o.db, source.provider, scope.key, o.connection);
  // The sessions this connection wrote last: another connection of the provider may be another account.
  const filter = {
    connection: o.connection,
    environment: scope.environment ?? null,
    flowId: scope.flowId ?? null,
  };
  const oldestOpen = source.listsByUpdatedAt
    ? null
    : await oldestOpenCreatedAt(o.db, source.provider, filter);
  const window = listWindow({
    full: false,
    since: null,
    watermark: state?.watermark ?? null,
    oldestOpen,
    listsByUpdatedAt: source.listsByUpdatedAt,
    lookbackMs: o.lookbackMs,
    reopenWindowMs: o.reopenWindowMs,
  });
  let watermark = state?.watermark ?? null;
  const failedBefore = stats.failed;
  const seen = new Set<string>();
  for await (const page of source.list(scope, window, o.signal)) {
    stats.listed += page.length;
    const refs = (await keepSafeRefs(o, page)).filter((r) => !seen.has(r.sessionId));
    for (const r of refs) seen.add(r.sessionId);
    const stored = await getStoredVersions(
      o.db,
      source.provider,
      refs.map((r) => r.sessionId),
    );
    for (const ref of refs) {
      const known = stored.get(ref.sessionId);
      if (!known && givenUp.has(ref.sessionId)) stats.givenUp++;
      else if (known && !isNewer(ref.updatedAt, known.updatedAt)) stats.unchanged++;
      else await queue.add(ref.sessionId, scope);
    }
    for (const r of page) {
      const t = source.listsByUpdatedAt ? r.updatedAt : r.createdAt;
      if (t && (!watermark || t > watermark)) watermark = t;
    }
  }
  // Open sessions older than the window are not on the pages read: poll them by id, as `sync` does.
  if (window.stopBefore && !source.listsByUpdatedAt) {
    for await (const batch of listOpenSessions(o.db, source.provider, {
      createdBefore: window.stopBefore,
      scope: filter,
    })) {
      for (const s of batch) if (!seen.has(s.sessionId)) await queue.add(s.sessionId, scope);
    }
  }
  await queue.flush(scope);
  o.signal.throwIfAborted();
  if (stats.failed === failedBefore) {
    await saveSyncState(o.db, source.provider, scope.key, { watermark, connection: o.connection });
  }
}

/** Sources without a list (Yoti): the ids in idv.discovered_sessions that need fetching, as `sync` reads them. */
async function queueDiscovered(o: ProviderRunOptions, queue: FetchQueue): Promise<void> {
  const { source } = o;
  const scope = source.refFor('', null).scope;
  for await (const ids of listDiscoveredToFetch(o.db, source.provider, o.connection, discoveredToFetch(o))) {
    o.stats.listed += ids.length;
    const refs = await keepSafeRefs(
      o,
      ids.map((id) => source.refFor(id, null)),
      'queue',
    );
    for (const ref of refs) await queue.add(ref.sessionId, scope);
  }
  await queue.flush(scope);
  await notePollSummary(o);
}

/**
 * Sessions whose fetch failed for good and was never resolved are queued again on every sync, one job each
 * (their job key dedupes them against a webhook's fetch), so a failure outside the next list window is not
 * forgotten: their errors resolve once a fetch succeeds.
 */
async function queueOpenFetchErrors(
  ctx: WorkerContext,
  connection: string,
  runId: string,
  helpers: JobHelpers,
): Promise<void> {
  // TODO(connections): sync_errors are per provider until the `connection` column lands (migration 005).
  const { provider } = ctx.connection(connection).connection;
  for (const e of await listOpenFetchErrors(ctx.db, provider)) {
    const payload: FetchSessionsPayload = {
      connection,
      sessionIds: [e.sessionId],
      ...(e.scope ? { scope: e.scope } : {}),
      runId,
    };
    await helpers.addJob(taskFor(TASK.fetchSessions, connection), payload, {
      jobKey: fetchSessionJobKey(connection, e.sessionId),
      jobKeyMode: 'preserve_run_at',
      maxAttempts: ctx.fetchAttempts,
    });
  }
}
