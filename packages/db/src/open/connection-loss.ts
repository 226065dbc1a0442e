import { DatabaseUnavailableError } from '../errors.js';

/** Server errors that end the session: admin_shutdown, crash_shutdown, cannot_connect_now. */
const SESSION_ENDED = new Set(['57P01', '57P02', '57P03']);

/** Socket errors: the server (or the path to it) went away or refuses connections. */
const SOCKET_GONE = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** node-postgres's own messages for a connection that ended under it (they carry no code). */
const PG_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'Client has encountered a connection error and is not queryable',
];

/**
 * Whether `err` means the connection to the database is lost (or cannot be made), as opposed to a query the
 * database refused: SQLSTATE class 08 (connection exception), 57P01–57P03 (the server ended the session:
 * shutdown, restart, `pg_terminate_backend`), socket errors (ECONNRESET, ECONNREFUSED, EPIPE, …) and
 * node-postgres's "Connection terminated unexpectedly". Looks through `cause` chains and AggregateErrors.
 */
export function isConnectionLoss(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e !== null && typeof e === 'object' && depth < 8; depth++) {
    if (e instanceof DatabaseUnavailableError) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (/^08[0-9A-Z]{3}$/.test(code) || SESSION_ENDED.has(code) || SOCKET_GONE.has(code)) return true;
    }
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && PG_MESSAGES.some((m) => message.startsWith(m))) return true;
    if (e instanceof AggregateError && e.errors.some(isConnectionLoss)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** `err` as a {@link DatabaseUnavailableError} for `database` when it is a connection loss, else unchanged. */
export function asUnavailable(err: unknown, database: string): unknown {
  if (err instanceof DatabaseUnavailableError || !isConnectionLoss(err)) return err;
  return new DatabaseUnavailableError(database, err);
}
