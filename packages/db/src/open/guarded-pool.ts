import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import { DatabaseUnavailableError } from '../errors.js';
import { asUnavailable, isConnectionLoss } from './connection-loss.js';

/**
 * A pooled client that cannot crash the process and reports a lost connection as one typed error.
 *
 * node-postgres emits `error` on a client whose connection drops (server restart, `pg_terminate_backend`, a reset
 * socket). The pool listens only while the client is idle: a checked-out one (a transaction, the connection
 * holding the advisory locks) with no listener of its own crashes the process with "Unhandled 'error' event".
 * Every client gets a listener here as soon as it connects.
 */
export class GuardedClient implements PostgresPoolClient {
  readonly #client: pg.PoolClient;
  readonly #database: string;
  readonly #lost = new AbortController();

  constructor(client: pg.PoolClient, database: string) {
    this.#client = client;
    this.#database = database;
    client.on('error', (err) => this.#markLost(err));
  }

  /** Aborts, with a {@link DatabaseUnavailableError} as its reason, once this client's connection is lost. */
  get lost(): AbortSignal {
    return this.#lost.signal;
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    // biome-ignore lint/suspicious/noExplicitAny: pg's overloads do not cover kysely's cursor interface.
    if (typeof sqlOrCursor !== 'string') return this.#client.query(sqlOrCursor as any) as PostgresCursor<R>;
    const result = this.#client.query(sqlOrCursor, parameters as unknown[]) as unknown as Promise<
      PostgresQueryResult<R>
    >;
    return result.catch((err: unknown) => {
      if (isConnectionLoss(err)) this.#markLost(err);
      // Once lost, every failure of this client reports the first cause (not "Client … is not queryable").
      throw this.#lost.signal.aborted ? this.#lost.signal.reason : err;
    });
  }

  /** Returns the client to the pool; `discard` (or a lost connection) closes it instead. */
  release(discard = false): void {
    this.#client.release(discard || this.#lost.signal.aborted ? true : undefined);
  }

  #markLost(err: unknown): void {
    if (!this.#lost.signal.aborted) this.#lost.abort(new DatabaseUnavailableError(this.#database, err));
  }
}

/** The pool Kysely's PostgresDialect uses: node-postgres's, handing out {@link GuardedClient}s. */
export class GuardedPool implements PostgresPool {
  readonly #pool: pg.Pool;
  readonly #database: string;
  readonly #guards = new WeakMap<pg.PoolClient, GuardedClient>();

  /** @param database where the pool connects, without credentials (see describeDatabaseUrl). */
  constructor(pool: pg.Pool, database: string) {
    this.#pool = pool;
    this.#database = database;
    // 'connect' fires for every new client before anyone can use it.
    pool.on('connect', (client) => this.#guard(client));
    // An idle client that errors is dropped by the pool; the next query reports the outage.
    pool.on('error', () => undefined);
  }

  async connect(): Promise<GuardedClient> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (err) {
      throw asUnavailable(err, this.#database);
    }
    return this.#guard(client);
  }

  end(): Promise<void> {
    return this.#pool.end();
  }

  #guard(client: pg.PoolClient): GuardedClient {
    let guard = this.#guards.get(client);
    if (!guard) {
      guard = new GuardedClient(client, this.#database);
      this.#guards.set(client, guard);
    }
    return guard;
  }
}
