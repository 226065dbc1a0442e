import type { IdvDb } from '@idvkit/db';
import { sql } from 'kysely';
import { Counter, Gauge, Registry } from 'prom-client';
import { GRAPHILE_SCHEMA } from '../worker/add-job-in-transaction.js';

/** How a webhook delivery ended, the `outcome` label of `idvkit_webhook_events_total`. */
export type WebhookOutcome =
  | 'stored'
  | 'duplicate'
  | 'repeated'
  | 'ignored'
  | 'unauthorized'
  | 'too_large'
  | 'timeout'
  | 'unavailable'
  | 'error';

/**
 * The service's Prometheus metrics. Counters are incremented by whoever does the work (the HTTP port, the
 * worker's tasks, the rate budget); the queue and checkpoint gauges are read from the database at each scrape.
 * Labels carry connection names and outcomes only: never ids, tokens or personal data.
 */
export interface IdvkitMetrics {
  readonly registry: Registry;
  /** `idvkit_http_requests_total{connection, status}`: webhook requests answered (`connection` is `-` elsewhere). */
  readonly httpRequests: Counter<'connection' | 'status'>;
  /**
   * `idvkit_provider_requests_total{connection, status}`: requests to the providers' APIs, each attempt once, by
   * HTTP status (`error` when none came back: a timeout or a refused connection).
   */
  readonly providerRequests: Counter<'connection' | 'status'>;
  /** `idvkit_sessions_synced_total{connection}`: sessions fetched and loaded. */
  readonly sessionsSynced: Counter<'connection'>;
  /** `idvkit_rate_limit_waits_total{connection}`: requests that waited for the connection's rate budget. */
  readonly rateLimitWaits: Counter<'connection'>;
  /** `idvkit_webhook_events_total{connection, outcome}`. */
  readonly webhookEvents: Counter<'connection' | 'outcome'>;
  /** Reads the queue and checkpoint gauges from `db` at each scrape (until the returned function is called). */
  watchDatabase(db: IdvDb): () => void;
}

/** A fresh set of metrics in its own registry (tests use one each; the CLI uses {@link METRICS}). */
export function createMetrics(): IdvkitMetrics {
  const registry = new Registry();
  const watched = new Set<IdvDb>();
  const registers = [registry];
  new Gauge({
    name: 'idvkit_queue_depth',
    help: 'Jobs waiting or running in graphile-worker, by task and connection',
    labelNames: ['task', 'connection'],
    registers,
    async collect() {
      this.reset();
      for (const db of watched) {
        for (const row of await queueRows(db))
          this.inc({ task: row.task, connection: row.connection }, row.waiting);
      }
    },
  });
  new Gauge({
    name: 'idvkit_job_failures',
    help: 'Jobs whose last attempt failed, by task, connection and whether they will be retried or have given up',
    labelNames: ['task', 'connection', 'state'],
    registers,
    async collect() {
      this.reset();
      for (const db of watched) {
        for (const row of await queueRows(db)) {
          const labels = { task: row.task, connection: row.connection };
          this.inc({ ...labels, state: 'retrying' }, row.retrying);
          this.inc({ ...labels, state: 'given_up' }, row.given_up);
        }
      }
    },
  });
  new Gauge({
    name: 'idvkit_checkpoint_age_seconds',
    help: "Seconds since each connection's checkpoint was last saved, by connection and scope",
    labelNames: ['connection', 'scope'],
    registers,
    async collect() {
      this.reset();
      for (const db of watched) {
        const { rows } = await sql<{ connection: string; scope: string; age: number }>`
          SELECT connection, scope, extract(epoch FROM now() - updated_at)::float8 AS age
          FROM idv.sync_state`.execute(db);
        for (const r of rows) this.set({ connection: r.connection, scope: r.scope }, Number(r.age));
      }
    },
  });
  return {
    registry,
    httpRequests: new Counter({
      name: 'idvkit_http_requests_total',
      help: 'HTTP requests answered, by connection and status',
      labelNames: ['connection', 'status'],
      registers,
    }),
    providerRequests: new Counter({
      name: 'idvkit_provider_requests_total',
      help: "Requests to the providers' APIs (every attempt), by connection and HTTP status",
      labelNames: ['connection', 'status'],
      registers,
    }),
    sessionsSynced: new Counter({
      name: 'idvkit_sessions_synced_total',
      help: 'Sessions fetched and loaded, by connection',
      labelNames: ['connection'],
      registers,
    }),
    rateLimitWaits: new Counter({
      name: 'idvkit_rate_limit_waits_total',
      help: "Requests that waited for their connection's shared rate budget, by connection",
      labelNames: ['connection'],
      registers,
    }),
    webhookEvents: new Counter({
      name: 'idvkit_webhook_events_total',
      help: 'Webhook deliveries by connection and outcome',
      labelNames: ['connection', 'outcome'],
      registers,
    }),
    watchDatabase(db) {
      watched.add(db);
      return () => watched.delete(db);
    },
  };
}

/** The process's metrics: what `/metrics` serves, and what tasks and the rate budget increment. */
export const METRICS: IdvkitMetrics = createMetrics();

interface QueueRow {
  task: string;
  connection: string;
  waiting: number;
  retrying: number;
  given_up: number;
}

/** Per task and connection (`-` for a job naming none): jobs not yet given up, failed ones to be retried, and failed ones out of attempts. */
async function queueRows(db: IdvDb): Promise<QueueRow[]> {
  const exists = await sql<{ ok: boolean }>`
    SELECT to_regclass(${`${GRAPHILE_SCHEMA}._private_jobs`}) IS NOT NULL AS ok`.execute(db);
  if (!exists.rows[0]?.ok) return [];
  const { rows } = await sql<QueueRow>`
    SELECT split_part(t.identifier, ':', 1) AS task,
      coalesce(j.payload->>'connection', nullif(split_part(t.identifier, ':', 2), ''), '-') AS connection,
      count(*) FILTER (WHERE j.attempts < j.max_attempts)::int AS waiting,
      count(*) FILTER (WHERE j.last_error IS NOT NULL AND j.attempts < j.max_attempts)::int AS retrying,
      count(*) FILTER (WHERE j.attempts >= j.max_attempts)::int AS given_up
    FROM ${sql.table(`${GRAPHILE_SCHEMA}._private_jobs`)} j
    JOIN ${sql.table(`${GRAPHILE_SCHEMA}._private_tasks`)} t ON t.id = j.task_id
    GROUP BY 1, 2`.execute(db);
  return rows;
}
