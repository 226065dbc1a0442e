import type { Command } from 'commander';
import type { GlobalOptions } from '../cli/global-options.js';
import type { CliIO } from '../cli/io.js';
import { parsePositiveInt } from '../cli/parse-flags.js';
import { runDemo } from '../demo/run-demo.js';

export function registerDemo(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('sync the bundled sandbox into the database (PGlite by default) and print a report')
    .option('--seed <n>', 'sandbox data seed', '1')
    .option('--sessions <n>', 'sessions per provider', '200')
    .option('--html <path>', 'where to write the HTML report', 'idvkit-report.html')
    .action(async (flags: { seed: string; sessions: string; html: string }, cmd: Command) => {
      const result = await runDemo(io, cmd.optsWithGlobals<GlobalOptions>(), {
        seed: parsePositiveInt('--seed', flags.seed),
        sessions: parsePositiveInt('--sessions', flags.sessions),
        html: flags.html,
      });
      setExit(result.status === 'succeeded' ? 0 : 1);
    });
}
