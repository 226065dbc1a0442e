export type { CliIO } from './cli/io.js';
export { buildProgram, EXIT, main } from './cli.js';
export { syncCommand } from './commands/sync.js';
export { ConfigError } from './config/config-error.js';
export {
  type ConnectionConfig,
  type ConnectionSelection,
  type IdvkitConfig,
  listConnections,
  loadConfig,
  parseConfig,
} from './config/load-config.js';
export type { WebhookOptions } from './config/webhooks.js';
export { planConnections } from './engine/plan.js';
export { type PlannedConnection, type RunSyncOptions, runSync, type SyncResult } from './engine/run-sync.js';
export type { ConnectionStats, ProviderStats } from './engine/stats.js';
export { startNotificationReceiver } from './notifications/receiver.js';
export { ADAPTERS, PROVIDER_NAMES } from './providers/registry.js';
