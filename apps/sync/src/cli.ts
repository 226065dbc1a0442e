import { DatabaseAheadError, DatabaseBusyError } from '@idvkit/db';
import { Command, CommanderError, Option } from 'commander';
import { describeThrown } from './cli/describe-thrown.js';
import type { CliIO } from './cli/io.js';
import { registerCheck } from './commands/check.js';
import { registerDemo } from './commands/demo.js';
import { registerEnqueue } from './commands/enqueue.js';
import { registerInit } from './commands/init.js';
import { registerMigrate } from './commands/migrate.js';
import { registerNotifications } from './commands/notifications.js';
import { registerReport } from './commands/report.js';
import { registerRuns } from './commands/runs.js';
import { registerSandbox } from './commands/sandbox.js';
import { registerServe } from './commands/serve.js';
import { registerSync } from './commands/sync.js';
import { registerWorker } from './commands/worker.js';
import { ConfigError } from './config/config-error.js';
import { VERSION } from './version.js';

/**
 * Exit codes: 0 success, 1 partial or failed run (or an unexpected error), 2 usage/config error, 75 (sysexits'
 * EX_TEMPFAIL) the embedded database is busy: try again later.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, busy: 75 } as const;

const EXIT_HELP = `
Examples:
  idvkit sandbox                       run the local emulator of the four APIs (port 4010)
  idvkit init --sandbox                write an idvkit.config.json for it (idvkit init: a starter for real accounts)
  idvkit check                         try every connection's credentials (writes nothing)
  idvkit sync --json                   sync into the database, print the run as JSON
  idvkit sync --connection idnow-live --since 2026-01-01
  idvkit runs                          the recent runs and their counts

Exit codes:
  ${EXIT.ok}   success
  ${EXIT.failed}   partial or failed run, or an unexpected error
  ${EXIT.usage}   usage or configuration error (nothing was written)
  ${EXIT.busy}  the embedded database is in use by another process: try again later (EX_TEMPFAIL)
  130 sync interrupted by SIGINT (Ctrl-C); 143 by SIGTERM (the run is recorded as interrupted)

Environment:
  DATABASE_URL      Postgres URL when neither --database nor config "database" is given
  IDVKIT_DATA_DIR   the embedded PGlite directory when no Postgres URL is given (over config "dataDir")
  \${NAME}           any variable a config string refers to, such as "apiKey": "\${VERIFA_API_KEY}"
  IDVKIT_DEBUG      print the stack of an unexpected error
  NO_COLOR          honoured: idvkit prints no colours
  TERM=dumb         no live progress lines (as --no-progress)
`;

/** Builds the `idvkit` program. Commands report their exit code through `setExit`. */
export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('idvkit')
    .description('Sync identity-verification sessions from IDnow, Yoti, ComplyCube and Verifa into Postgres')
    .version(VERSION)
    .option('-c, --config <path>', 'config file (default: ./idvkit.config.json)')
    .option(
      '--database <url>',
      'Postgres URL (default: config "database", then DATABASE_URL, else embedded PGlite)',
    )
    .option('--data-dir <dir>', 'PGlite data directory (default: config "dataDir" or .idvkit/pgdata)')
    .addOption(new Option('--log-level <level>', 'log level').choices(['debug', 'info', 'warn', 'error']))
    .addHelpText('after', EXIT_HELP)
    .showHelpAfterError('(run idvkit --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerInit(program, io);
  registerMigrate(program, io);
  registerCheck(program, io, setExit);
  registerSync(program, io, setExit);
  registerWorker(program, io, setExit);
  registerEnqueue(program, io);
  registerNotifications(program, io);
  registerServe(program, io);
  registerRuns(program, io);
  registerReport(program, io, setExit);
  registerSandbox(program, io);
  registerDemo(program, io, setExit);
  for (const cmd of program.commands)
    cmd.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  return program;
}

/** Runs the CLI and returns its exit code; errors become one clear line on stderr. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      ) {
        return EXIT.ok;
      }
      return EXIT.usage; // commander already printed the message
    }
    if (err instanceof ConfigError || err instanceof DatabaseAheadError) {
      io.stderr(`idvkit: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof DatabaseBusyError) {
      io.stderr(`idvkit: ${err.message}\n`);
      return EXIT.busy;
    }
    io.stderr(`idvkit: ${describeThrown(err)}\n`);
    if (io.env.IDVKIT_DEBUG && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    return EXIT.failed;
  }
}
