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
