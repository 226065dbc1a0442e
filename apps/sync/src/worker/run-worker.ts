import { EventEmitter } from 'node:events';
import { run, type WorkerEvents } from 'graphile-worker';
import type { Logger } from '../output/logger.js';
import type { WorkerConnection } from './connection.js';
import { buildCronItems } from './crontab.js';
import { graphileLogger } from './graphile-logger.js';
import { WorkerLiveness } from './liveness.js';
import { QUEUE_SCHEMA } from './queue-schema.js';
import { workerTasks } from './task-list.js';
import type { WorkerContext } from './worker-context.js';

/** Options of {@link runWorker}. */
export interface RunWorkerOptions {
  databaseUrl: string;
  ctx: WorkerContext;
  connections: WorkerConnection[];
  /** Jobs this process runs at once. */
  concurrency: number;
  /** After a stop, how long in-flight jobs may take before they are aborted and released for a retry. */
  gracePeriodMs: number;
  /** The first SIGINT/SIGTERM (the caller handles signals; a second one exits at once, see bin.ts). */
  stop: Promise<unknown>;
  log: Logger;
  /** Told once the worker takes jobs (tests, the HTTP port's readiness). */
  onReady?: () => void;
}

/**
 * Runs graphile-worker until `stop` settles: the tasks of {@link workerTasks}, the crontab of the connections'
 * schedules, `concurrency` jobs at a time. On stop it takes no new jobs and lets running ones finish for
 * `gracePeriodMs`; then their abort signal fires (fetches stop) and a job still running is failed back to
 * the queue, to be retried by any worker. Resolves when the pool has shut down.
 */
export async function runWorker(o: RunWorkerOptions): Promise<void> {
  const liveness = await WorkerLiveness.open(o.databaseUrl, o.log);
  try {
    await runUntilStopped(o, liveness);
  } finally {
    await liveness.close();
  }
}

async function runUntilStopped(o: RunWorkerOptions, liveness: WorkerLiveness): Promise<void> {
  const events: WorkerEvents = new EventEmitter();
  let pool: string | undefined;
  // graphile-worker locks jobs in the name of the pool (`locked_by` = the pool's id), one pool per process.
  events.on('pool:create', ({ workerPool }) => {
    pool = workerPool.id;
    liveness.hold(workerPool.id).catch((err: unknown) => {
      o.log.warn('could not mark a worker alive', { error: (err as Error).message });
    });
  });
  const reap = () =>
    liveness.reap().catch((err: unknown) => {
      o.log.warn('could not release the jobs of dead workers', { error: (err as Error).message });
    });
  await reap();
  const reaper = setInterval(reap, REAP_INTERVAL_MS);
  reaper.unref();
  try {
    await runJobs(o, events, () => pool);
  } finally {
    clearInterval(reaper);
  }
}

/** How often each process looks for jobs locked by dead workers. */
const REAP_INTERVAL_MS = 5_000;

async function runJobs(
  o: RunWorkerOptions,
  events: WorkerEvents,
  pool: () => string | undefined,
): Promise<void> {
  const runner = await run({
    events,
    connectionString: o.databaseUrl,
    schema: QUEUE_SCHEMA,
    concurrency: o.concurrency,
    // Our pool: one connection per job plus graphile's own (listen, cron, locks) and the budget's queries.
    maxPoolSize: o.concurrency + 4,
    noHandleSignals: true,
    taskList: workerTasks(
      o.ctx,
      o.connections.map((c) => c.name),
    ),
    parsedCronItems: buildCronItems(o.connections),
    logger: graphileLogger(o.log),
    gracefulShutdownAbortTimeout: o.gracePeriodMs,
    // Completions go through graphile-worker's batcher, which it flushes before the pool shuts down; unbatched
    // (its default) a job that finishes during a graceful stop may be left locked (0.17: not awaited).
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
  });
  o.log.info('worker started', {
    pool: pool(),
    concurrency: o.concurrency,
    connections: o.connections.map((c) => c.name),
  });
  o.onReady?.();
  // A lost database ends the runner by itself: that is an error. Otherwise it runs until the stop.
  const ended = runner.promise.then(() => 'ended' as const);
  if ((await Promise.race([ended, o.stop.then(() => 'stop' as const)])) === 'ended') {
    throw new Error('the worker stopped by itself (see the log above)');
  }
  ended.catch(() => undefined);
  o.log.info('worker stopping', { gracePeriodMs: o.gracePeriodMs });
  // A job that ignores its abort signal must not hold the process past the grace period for long.
  const force = setTimeout(() => {
    o.log.warn('grace period over; releasing running jobs');
    void runner.kill('grace period over').catch(() => undefined);
  }, o.gracePeriodMs + 2_000);
  force.unref();
  try {
    await runner.stop('idvkit worker stopping');
  } catch (err) {
    o.log.warn('graceful shutdown ended with errors', { error: (err as Error).message });
  } finally {
    clearTimeout(force);
  }
  o.log.info('worker stopped');
}
