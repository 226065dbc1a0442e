import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { ConnectionMutex } from './connection-mutex.js';

/** Commands whose row count Kysely reports as `numAffectedRows`, as kysely's own PostgresDriver does. */
const COUNTED_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters], {
      rowMode: 'object',
    });
    const count = result.rowCount ?? result.affectedRows;
    return {
      rows: result.rows,
      numAffectedRows:
        result.command && COUNTED_COMMANDS.has(result.command) && count !== undefined
          ? BigInt(count)
          : undefined,
    };
  }

  // biome-ignore lint/correctness/useYield: streaming is deliberately unsupported on PGlite.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streamQuery is not supported by the PGlite driver; page with keyset queries instead');
  }
}

/**
 * A Kysely driver over one PGlite instance. PGlite is single-connection, so connections are serialized with a
 * mutex: `acquireConnection` waits until the previous holder released it, and a transaction holds it from
 * BEGIN to COMMIT. Consequence: code inside `db.transaction()` must use the transaction object, never `db`,
 * or it waits for itself.
 */
export class PGliteDriver implements Driver {
  readonly #pglite: PGlite;
  readonly #connection: PGliteConnection;
  readonly #mutex = new ConnectionMutex();
  readonly #releases = new WeakMap<DatabaseConnection, () => void>();
  readonly #closeOnDestroy: boolean;

  constructor(pglite: PGlite, options: { closeOnDestroy: boolean }) {
    this.#pglite = pglite;
    this.#connection = new PGliteConnection(pglite);
    this.#closeOnDestroy = options.closeOnDestroy;
  }

  async init(): Promise<void> {
    await this.#pglite.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#mutex.lock();
    this.#releases.set(this.#connection, release);
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let statement = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      statement = 'start transaction';
      if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) statement += ` ${settings.accessMode}`;
    }
    await connection.executeQuery(CompiledQuery.raw(statement));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const release = this.#releases.get(connection);
    this.#releases.delete(connection);
    release?.();
  }

  async destroy(): Promise<void> {
    // Wait for the current holder so an in-flight query is not cut off by close().
    const release = await this.#mutex.lock();
    try {
      if (this.#closeOnDestroy && !this.#pglite.closed) await this.#pglite.close();
    } finally {
      release();
    }
  }
}
