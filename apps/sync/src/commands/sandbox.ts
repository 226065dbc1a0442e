import { startSandbox } from '@idvkit/sandbox';
import type { Command } from 'commander';
import type { CliIO } from '../cli/io.js';
import { parsePositiveInt } from '../cli/parse-flags.js';
import { ConfigError } from '../config/config-error.js';
import { sandboxConfig } from '../demo/sandbox-config.js';
import { SANDBOX_DEFAULT_PORT } from '../init/sandbox-port.js';
import { collect, sandboxWebhooks } from './sandbox-webhooks.js';

interface SandboxFlags {
  port?: string;
  seed: string;
  sessions: string;
  printConfig?: boolean;
  webhook: string[];
  webhookSecret: string[];
}

export function registerSandbox(program: Command, io: CliIO): void {
  program
    .command('sandbox')
    .description('run the local emulator of the IDnow, Yoti, ComplyCube and Verifa APIs')
    .option('--port <n>', `port (default: ${SANDBOX_DEFAULT_PORT}, or a free one when it is taken)`)
    .option('--seed <n>', 'data seed: the same seed gives the same data', '1')
    .option('--sessions <n>', 'sessions per provider', '200')
    .option('--print-config', 'print an idvkit.config.json for this sandbox on stdout')
    .option('--webhook <provider=url>', "send that provider's webhooks to url (repeatable)", collect, [])
    .option(
      '--webhook-secret <provider=secret>',
      "what that provider's webhooks are signed with (HMAC secret, or Yoti auth token)",
      collect,
      [],
    )
    .action(async (flags: SandboxFlags) => {
      const webhooks = sandboxWebhooks(flags.webhook, flags.webhookSecret);
      const start = (port: number | undefined) =>
        startSandbox({
          ...(port ? { port } : {}),
          seed: parsePositiveInt('--seed', flags.seed),
          sessions: parsePositiveInt('--sessions', flags.sessions),
          ...(webhooks ? { webhooks } : {}),
        }).catch((error: unknown) => {
          // A bad webhook target is a usage error (one line, exit 2), not a crash.
          if (error instanceof TypeError && error.message.startsWith('webhooks.'))
            throw new ConfigError(error.message);
          throw error;
        });
      const sandbox = flags.port
        ? await start(parsePositiveInt('--port', flags.port))
        : await start(SANDBOX_DEFAULT_PORT).catch((error: unknown) => {
            if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
            return start(undefined);
          });
      if (!flags.port && !sandbox.url.endsWith(`:${SANDBOX_DEFAULT_PORT}`)) {
        io.stderr(
          `idvkit: port ${SANDBOX_DEFAULT_PORT} is taken, so the sandbox listens on ${sandbox.url} (idvkit init --sandbox --sandbox-url ${sandbox.url})\n`,
        );
      }
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
