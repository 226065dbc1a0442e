export type { CliIO } from './cli/io.js';
export { buildProgram, EXIT, main } from './cli.js';
export { type SyncFlags, syncCommand } from './commands/sync.js';
export { ConfigError } from './config/config-error.js';
export { configJsonSchema } from './config/json-schema.js';
export {
  type ConnectionConfig,
  type ConnectionSelection,
  type IdvkitConfig,
  type IdvkitConfigFile,
  listConnections,
  loadConfig,
  parseConfig,
} from './config/load-config.js';
export { configSchema } from './config/schema.js';
export type { WebhookOptions } from './config/webhooks.js';
export { sandboxConfig } from './demo/sandbox-config.js';
export { planConnections } from './engine/plan.js';
export { type PlannedConnection, type RunSyncOptions, runSync, type SyncResult } from './engine/run-sync.js';
export type { ConnectionStats, ProviderStats } from './engine/stats.js';
// The engine's building blocks, for embedders that drive a provider source themselves (the benchmark in bench/).
export { TaskPool } from './engine/task-pool.js';
export type { ProviderSource, SessionRef } from './engine/types.js';
export { startNotificationReceiver } from './notifications/receiver.js';
export { createLogger, type Logger } from './output/logger.js';
export { ADAPTERS, PROVIDER_NAMES } from './providers/registry.js';
