import pg from 'pg';
import type { Logger } from '../output/logger.js';
import { QUEUE_SCHEMA } from './queue-schema.js';

/**
 * Tells live workers from dead ones across processes, so the jobs of a killed worker (SIGKILL, crash, lost
 * machine) are retried at once rather than after graphile-worker's 4-hour lock timeout. Each process holds,
 * on one connection of its own, a session advisory lock for its graphile-worker pool
 * (`idvkit:worker:<poolId>`, the `locked_by` of its jobs); the server drops them when the process or its connection dies. `reap` unlocks
 * the jobs locked by workers whose lock nobody holds (graphile-worker's `force_unlock_workers`), so any
 * worker picks them up again, with their attempt already counted. Like idv.sync_runs' `abandoned`, this is
 * conservative: a lock held by anyone keeps its jobs locked.
 */
export class WorkerLiveness {
  readonly #client: pg.Client;
  readonly #log: Logger;
  #chain: Promise<unknown> = Promise.resolve();

  private constructor(client: pg.Client, log: Logger) {
    this.#client = client;
    this.#log = log;
  }

  static async open(databaseUrl: string, log: Logger): Promise<WorkerLiveness> {
    const client = new pg.Client({ connectionString: databaseUrl });
    // A dropped connection releases this process's locks; other workers may then retry its jobs (at least once).
    client.on('error', (err) => log.warn('worker liveness connection lost', { error: err.message }));
    await client.connect();
    return new WorkerLiveness(client, log);
  }

  /** Marks the pool `poolId` alive for as long as this process (and its connection) lives. */
  hold(poolId: string): Promise<void> {
    const next = this.#chain.then(() =>
      this.#client.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [lockKey(poolId)]),
    );
    this.#chain = next.catch(() => undefined);
    return next.then(() => undefined);
  }

  /**
   * Unlocks jobs of workers that are gone, returning their ids. Jobs locked only a moment ago are left alone:
   * their worker may still be taking its lock.
   */
  reap(): Promise<string[]> {
    const next = this.#chain.then(() => this.#reap());
    this.#chain = next.catch(() => undefined);
    return next;
  }

  async #reap(): Promise<string[]> {
    const db = this.#client;
    const { rows } = await db.query(
      `SELECT DISTINCT j.locked_by
       FROM ${QUEUE_SCHEMA}._private_jobs j
       WHERE j.locked_by IS NOT NULL
         AND j.locked_at < now() - interval '10 seconds'
         AND NOT EXISTS (
           SELECT 1 FROM pg_locks l
           CROSS JOIN LATERAL (SELECT hashtextextended('idvkit:worker:' || j.locked_by, 0) AS k) h
           WHERE l.locktype = 'advisory'
             AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
             AND l.classid = ((h.k >> 32) & 4294967295)::oid
             AND l.objid = (h.k & 4294967295)::oid
             AND l.objsubid = 1
         )`,
      [],
    );
    const dead = rows.map((r: { locked_by: string }) => r.locked_by);
    if (dead.length > 0) {
      await db.query(`SELECT ${QUEUE_SCHEMA}.force_unlock_workers($1::text[])`, [dead]);
      this.#log.warn('released the jobs of workers that are gone', { workers: dead });
    }
    return dead;
  }

  async close(): Promise<void> {
    await this.#client.end().catch(() => undefined);
  }
}

const lockKey = (poolId: string) => `idvkit:worker:${poolId}`;
