import { startSandbox } from '@idvkit/sandbox';
import type { Command } from 'commander';
import type { CliIO } from '../cli/io.js';
import { parsePositiveInt } from '../cli/parse-flags.js';
import { sandboxConfig } from '../demo/sandbox-config.js';

export function registerSandbox(program: Command, io: CliIO): void {
  program
    .command('sandbox')
    .description('run the local emulator of the IDnow, Yoti, ComplyCube and Verifa APIs')
    .option('--port <n>', 'port (default: a free port)')
    .option('--seed <n>', 'data seed: the same seed gives the same data', '1')
    .option('--sessions <n>', 'sessions per provider', '200')
    .option('--print-config', 'print an idvkit.config.json for this sandbox on stdout')
    .action(async (flags: { port?: string; seed: string; sessions: string; printConfig?: boolean }) => {
      const sandbox = await startSandbox({
        ...(flags.port ? { port: parsePositiveInt('--port', flags.port) } : {}),
        seed: parsePositiveInt('--seed', flags.seed),
        sessions: parsePositiveInt('--sessions', flags.sessions),
      });
      const { json, yotiKeyNote } = sandboxConfig(sandbox);
      if (flags.printConfig) io.stdout(`${JSON.stringify(json, null, 2)}\n`);
      else {
        io.stdout(
          `sandbox listening on ${sandbox.url}\n` +
            Object.entries(sandbox.baseUrls)
              .map(([k, v]) => `  ${k.padEnd(11)} ${v}\n`)
              .join('') +
            `  admin       ${sandbox.url}/_admin/stats\n${yotiKeyNote}\n(Ctrl-C to stop; --print-config prints a matching idvkit.config.json)\n`,
        );
      }
      await (io.interrupted ?? new Promise<void>(() => undefined));
      await sandbox.stop();
    });
}
