import type { Command } from 'commander';
import { openMigratedDatabase } from '../cli/database.js';
import type { GlobalOptions } from '../cli/global-options.js';
import type { CliIO } from '../cli/io.js';
import { parsePositiveInt } from '../cli/parse-flags.js';
import { ConfigError } from '../config/config-error.js';
import { type IdvkitConfig, listConnections, loadConfig } from '../config/load-config.js';
import { startNotificationReceiver } from '../notifications/receiver.js';
import { createLogger } from '../output/logger.js';
import type { YotiConfig } from '../providers/yoti/config.js';

export function registerNotifications(program: Command, io: CliIO): void {
  program
    .command('notifications')
    .description("receive Yoti's session notifications over HTTP and enqueue their session ids")
    .option('--port <n>', 'port to listen on', '8787')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--connection <name>', 'the Yoti connection whose token to check (when several are configured)')
    .action(async (flags: { port: string; host: string; connection?: string }, cmd: Command) => {
      const port = parsePositiveInt('--port', flags.port);
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const config = await loadConfig(global.config, { env: io.env });
      const { authToken, connection } = yotiReceiverOf(config, flags.connection);
      const handle = await openMigratedDatabase(config, global, io);
      const log = createLogger({ write: io.stderr, secrets: config.secrets });
      const receiver = await startNotificationReceiver({
        db: handle.db,
        authToken,
        connection,
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

/**
 * The Yoti connection notifications are for (ids are recorded for it) and the token Yoti sends with them:
 * `webhooks.authToken` of the connection (or its older spelling, `notifications.authToken`). With several Yoti
 * connections, `--connection` names the one.
 */
function yotiReceiverOf(
  config: IdvkitConfig,
  name: string | undefined,
): { authToken: string; connection: string } {
  const yoti = listConnections(config, name ? { connections: [name] } : { providers: [] }).filter(
    (c) => c.provider === 'yoti',
  );
  if (name && yoti.length === 0) {
    throw new ConfigError(`--connection: expected a Yoti connection, received "${name}" (another provider)`);
  }
  if (yoti.length > 1) {
    throw new ConfigError(
      `--connection: expected the Yoti connection to receive notifications for (${yoti.map((c) => c.name).join(', ')}), received nothing`,
    );
  }
  const c = yoti[0];
  const token =
    c?.webhooks?.kind === 'authToken'
      ? c.webhooks.authToken
      : (c?.config as YotiConfig | undefined)?.notifications?.authToken;
  if (!token) {
    throw new ConfigError(
      `${c?.path ?? 'config.providers.yoti'}.webhooks.authToken: expected the token Yoti sends with notifications, received nothing`,
    );
  }
  return { authToken: token, connection: c?.name ?? 'yoti' };
}
