import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { GlobalOptions } from '../cli/global-options.js';
import type { CliIO } from '../cli/io.js';
import { ConfigError } from '../config/config-error.js';
import { DEFAULT_CONFIG_FILE, parseConfig } from '../config/load-config.js';
import { SANDBOX_DEFAULT_URL } from '../init/sandbox-port.js';
import { sandboxStarter } from '../init/sandbox-starter.js';
import { schemaRef } from '../init/schema-ref.js';
import { starterConfig, starterVariables } from '../init/starter-config.js';

interface InitFlags {
  sandbox?: boolean;
  sandboxUrl?: string;
  force?: boolean;
}

export function registerInit(program: Command, io: CliIO, fetchImpl?: typeof fetch): void {
  program
    .command('init')
    .description('write a starter idvkit.config.json (with --sandbox: a working one for `idvkit sandbox`)')
    .option('--sandbox', 'a config for the sandbox running at --sandbox-url (start it with `idvkit sandbox`)')
    .option('--sandbox-url <url>', 'where the sandbox runs', SANDBOX_DEFAULT_URL)
    .option('--force', 'overwrite an existing config file')
    .action(async (flags: InitFlags, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const file = resolve(global.config ?? DEFAULT_CONFIG_FILE);
      const $schema = schemaRef(file);
      const config = flags.sandbox
        ? { $schema, ...(await sandboxStarter(flags.sandboxUrl ?? SANDBOX_DEFAULT_URL, fetchImpl)) }
        : starterConfig($schema);
      // The sandbox config must work as written; the starter needs its variables set first.
      if (flags.sandbox) parseConfig(config, {});
      try {
        await writeFile(file, `${JSON.stringify(config, null, 2)}\n`, { flag: flags.force ? 'w' : 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        throw new ConfigError(
          `init: expected no file at ${file} (pass --force to overwrite it), received an existing file`,
        );
      }
      io.stderr(`wrote ${file}\n`);
      if (flags.sandbox) {
        io.stderr('next: idvkit check, then idvkit sync\n');
      } else {
        io.stderr(
          `delete the connections you do not use, set ${starterVariables(config).join(', ')}, then run idvkit check\n`,
        );
      }
    });
}
