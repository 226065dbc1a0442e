import {
  finishRun,
  getFinalChecks,
  getStoredVersions,
  resolveSyncErrors,
  type SessionRecord,
  startRun,
} from '@idvkit/db';
import { NotFoundError } from '@idvkit/http';
import type { JobHelpers, Task } from 'graphile-worker';
import { onFetchError } from '../../engine/fetch-error.js';
import { forEachConcurrently } from '../../engine/for-each-concurrently.js';
import { withLinkedSignal } from '../../engine/linked-signal.js';
import { loadBatch } from '../../engine/load-batch.js';
import type { ProviderRunOptions } from '../../engine/provider-run-options.js';
import { stopsProvider } from '../../engine/stops-provider.js';
import type { SessionRef } from '../../engine/types.js';
import { jobRunOptions } from '../job-run-options.js';
import { isOptionalString, isString, isStringArray, payloadField } from '../payload.js';
import { fetchSessionJobKey, TASK, taskFor } from '../task-names.js';
import type { ConnectionSource, WorkerContext } from '../worker-context.js';

/**
 * Payload of `idv_fetch_sessions`. `scope` (the scope key a list showed the sessions in) and `runId` (the sync
 * run that queued them) are optional: a webhook knows neither.
 */
export interface FetchSessionsPayload {
  connection: string;
  sessionIds: string[];
  scope?: string;
  runId?: string;
}

/**
 * Fetches running at once within one job; the connection's `concurrency` caps them across the process's jobs
 * (ConnectionSlots) and its shared rate budget paces them across processes.
 */
const FETCHES_PER_JOB = 4;

/**
 * `idv_fetch_sessions`: fetch → normalize → load a batch through the engine's own steps (404s, quarantine and
 * stale-payload guards as in `sync`). A fetch that fails after the client's retries is left to the queue:
 * in a batch, each failed session is queued again as its own job (job key `idv_fetch_session:<c>:<id>`, so
 * never twice); a single-session job throws, and graphile-worker retries it with backoff up to its
 * `max_attempts`. Only the last attempt records the failure in idv.sync_errors. Every session loaded marks
 * its earlier sync errors resolved.
 */
export function fetchSessionsTask(ctx: WorkerContext): Task {
  return async (payload, helpers) => {
    const p: FetchSessionsPayload = {
      connection: payloadField(TASK.fetchSessions, payload, 'connection', isString, 'a connection name'),
      sessionIds: payloadField(
        TASK.fetchSessions,
        payload,
        'sessionIds',
        isStringArray,
        'a non-empty array of ids',
      ),
    };
    const scope = payloadField(TASK.fetchSessions, payload, 'scope', isOptionalString, 'a scope key');
    const runId = payloadField(TASK.fetchSessions, payload, 'runId', isOptionalString, 'a run id');
    if (scope) p.scope = scope;
    if (runId) p.runId = runId;
    const cs = ctx.connection(p.connection);
    const run = new JobRun(ctx, p, helpers);
    try {
      await fetchBatch(ctx, cs, p, run, helpers);
    } finally {
      await run.finish();
    }
  };
}

async function fetchBatch(
  ctx: WorkerContext,
  cs: ConnectionSource,
  p: FetchSessionsPayload,
  run: JobRun,
  helpers: JobHelpers,
): Promise<void> {
  const { source } = cs;
  const scope = source.scopes().find((s) => s.key === p.scope) ?? null;
  const stored = await getStoredVersions(ctx.db, source.provider, p.sessionIds);
  const records: SessionRecord[] = [];
  const failures: Array<{ ref: SessionRef; err: unknown }> = [];
  const o = jobRunOptions(ctx, cs, 'pending', helpers.abortSignal);
  const quarantined: Array<() => Promise<void>> = [];

  await forEachConcurrently(p.sessionIds, FETCHES_PER_JOB, async (sessionId) => {
    const ref = source.refFor(sessionId, scope);
    const known = stored.has(sessionId);
    let payload: unknown;
    try {
      const storedFinalChecks = known ? await getFinalChecks(ctx.db, source.provider, sessionId) : new Map();
      const fetched = await cs.slots.run(() =>
        withLinkedSignal(helpers.abortSignal, (signal) => source.fetch(ref, { signal, storedFinalChecks })),
      );
      payload = fetched.payload;
      // Rows record the connection that read them (as `sync` does), not the provider's default.
      records.push({ ...source.normalize(fetched, ctx.config.raw).record, connection: p.connection });
    } catch (err) {
      // Shutting down, refused credentials or a lost database: the whole job fails and is retried.
      if (stopsProvider(err, helpers.abortSignal)) throw err;
      // A fetch that failed (not a 404, not a bad payload) is the queue's to retry.
      if (payload === undefined && !(err instanceof NotFoundError)) failures.push({ ref, err });
      else quarantined.push(async () => onFetchError(await run.options(o), ref, known, payload, err));
    }
  });
  for (const q of quarantined) await q();

  if (records.length > 0) {
    await loadBatch(await run.options(o), records);
    ctx.metrics.sessionsSynced.inc({ connection: p.connection }, records.length);
    await resolveSyncErrors(
      ctx.db,
      source.provider,
      records.map((r) => r.sessionId),
    );
  }
  if (failures.length === 0) return;
  if (p.sessionIds.length > 1) {
    for (const { ref } of failures) {
      const single: FetchSessionsPayload = { ...p, sessionIds: [ref.sessionId] };
      await helpers.addJob(taskFor(TASK.fetchSessions, p.connection), single, {
        jobKey: fetchSessionJobKey(p.connection, ref.sessionId),
        jobKeyMode: 'preserve_run_at',
        maxAttempts: ctx.fetchAttempts,
      });
    }
    ctx.log.warn('fetches failed; queued again one by one', {
      connection: p.connection,
      sessions: failures.length,
    });
    return;
  }
  const { ref, err } = failures[0]!;
  if (helpers.job.attempts < helpers.job.max_attempts) throw err;
  // The last attempt: quarantined like a failed fetch of `sync`.
  await onFetchError(await run.options(o), ref, stored.has(ref.sessionId), undefined, err);
}

/**
 * The idv.sync_runs row errors of this job are recorded under: the sync run that queued it, else (a webhook's
 * fetch) a run of its own, started only when there is something to record.
 */
class JobRun {
  #own: Promise<string> | undefined;

  constructor(
    private readonly ctx: WorkerContext,
    private readonly p: FetchSessionsPayload,
    private readonly helpers: JobHelpers,
  ) {}

  async options(o: ProviderRunOptions): Promise<ProviderRunOptions> {
    o.runId = await this.#runId();
    return o;
  }

  #runId(): Promise<string> {
    if (this.p.runId) return Promise.resolve(this.p.runId);
    this.#own ??= startRun(this.ctx.db, {
      providers: [this.p.connection],
      options: { worker: true, task: TASK.fetchSessions, jobId: this.helpers.job.id },
    }).then((r) => r.runId);
    return this.#own;
  }

  async finish(): Promise<void> {
    if (!this.#own) return;
    await finishRun(this.ctx.db, await this.#own, { status: 'partial', stats: {} });
  }
}
