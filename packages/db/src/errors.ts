/**
 * The database holds a newer schema than this idvkit knows: running against it could corrupt data, so idvkit
 * refuses. Upgrade idvkit.
 */
export class DatabaseAheadError extends Error {
  override readonly name = 'DatabaseAheadError';
  readonly databaseVersion: number;
  readonly knownVersion: number;

  constructor(databaseVersion: number, knownVersion: number) {
    super(
      `database schema is at version ${databaseVersion} but this idvkit knows only ${knownVersion}; upgrade idvkit`,
    );
    this.databaseVersion = databaseVersion;
    this.knownVersion = knownVersion;
  }
}

/** The embedded (PGlite) data directory is already open in another process (or another handle of this one). */
export class DatabaseBusyError extends Error {
  override readonly name = 'DatabaseBusyError';
  readonly dataDir: string;
  readonly lockFile: string;
  readonly holderPid: number | null;

  constructor(dataDir: string, lockFile: string, holderPid: number | null) {
    const holder = holderPid === null ? 'another process' : `process ${holderPid}`;
    super(
      `the embedded database at ${dataDir} is in use by ${holder} (lock file ${lockFile}); ` +
        'wait for it to finish, or delete the lock file if that process is gone',
    );
    this.dataDir = dataDir;
    this.lockFile = lockFile;
    this.holderPid = holderPid;
  }
}

/**
 * The database stopped answering: its connection was lost (server restart or shutdown, a terminated session,
 * a reset socket) or a new one was refused. Nothing more can be read or written until it answers again. The
 * message names the database as {@link describeDatabaseUrl} does, never with credentials:
 * `database connection lost (postgres://db.internal:5432/idv): terminating connection due to administrator command`.
 * @see isConnectionLoss for what counts as a lost connection.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  /** The database, without credentials. */
  readonly database: string;
  /** The SQLSTATE (e.g. `57P01`) or Node error code (e.g. `ECONNRESET`) of the cause, when it has one. */
  readonly code: string | undefined;

  constructor(database: string, cause: unknown) {
    super(`database connection lost (${database}): ${reasonOf(cause)}`, { cause });
    this.database = database;
    const code = (cause as { code?: unknown } | null)?.code;
    this.code = typeof code === 'string' ? code : undefined;
  }
}

/** A cause's message; Node's AggregateError (every address refused) has an empty one, its parts do not. */
function reasonOf(cause: unknown): string {
  if (cause instanceof AggregateError && !cause.message) {
    const first = cause.errors[0] as unknown;
    if (first instanceof Error && first.message) return first.message;
  }
  if (cause instanceof Error) return cause.message || cause.name;
  return String(cause);
}
