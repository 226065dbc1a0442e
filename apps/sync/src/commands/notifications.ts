import type { Command } from 'commander';
import { openMigratedDatabase } from '../cli/database.js';
import type { GlobalOptions } from '../cli/global-options.js';
import type { CliIO } from '../cli/io.js';
import { parsePositiveInt } from '../cli/parse-flags.js';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { startNotificationReceiver } from '../notifications/receiver.js';
import { createLogger } from '../output/logger.js';
import type { YotiConfig } from '../providers/yoti/config.js';

export function registerNotifications(program: Command, io: CliIO): void {
  program
    .command('notifications')
    .description("receive Yoti's session notifications over HTTP and enqueue their session ids")
    .option('--port <n>', 'port to listen on', '8787')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .action(async (flags: { port: string; host: string }, cmd: Command) => {
      const port = parsePositiveInt('--port', flags.port);
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const config = await loadConfig(global.config, { env: io.env });
      const yoti = config.providers.find((p) => p.name === 'yoti')?.config as YotiConfig | undefined;
      if (!yoti?.notifications) {
        throw new ConfigError(
          'config.providers.yoti.notifications.authToken: expected the token Yoti sends with notifications, received nothing',
        );
      }
      const handle = await openMigratedDatabase(config, global, io);
      const log = createLogger({ write: io.stderr, secrets: config.secrets });
      const receiver = await startNotificationReceiver({
        db: handle.db,
        authToken: yoti.notifications.authToken,
        port,
        host: flags.host,
        log,
      });
      io.stdout(`listening for Yoti notifications on ${receiver.url} (Ctrl-C to stop)\n`);
      await (io.interrupted ?? new Promise<void>(() => undefined));
      await receiver.close();
      await handle.close();
      io.stdout(`stopped after ${receiver.accepted()} notification(s)\n`);
    });
}
