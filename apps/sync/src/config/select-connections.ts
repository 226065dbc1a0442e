import { ConfigError } from './config-error.js';
import type { ConnectionConfig } from './connections.js';
import type { IdvkitConfig } from './load-config.js';

/** Which connections a command works on: by name, by provider, or (neither given) all of them. */
export interface ConnectionSelection {
  connections?: readonly string[];
  providers?: readonly string[];
}

/**
 * The configured connections, in config order (the `providers` shorthand first), narrowed to `selection`:
 * named connections and every connection of the named providers. An unknown name is a {@link ConfigError}
 * listing the configured ones.
 */
export function listConnections(
  config: Pick<IdvkitConfig, 'connections'>,
  selection: ConnectionSelection = {},
): ConnectionConfig[] {
  const all = config.connections;
  const names = selection.connections ?? [];
  const providers = selection.providers ?? [];
  check(
    '--connection',
    'connections',
    names,
    all.map((c) => c.name),
  );
  check('--provider', 'providers', providers, [...new Set(all.map((c) => c.provider))]);
  if (names.length === 0 && providers.length === 0) return all;
  return all.filter((c) => names.includes(c.name) || providers.includes(c.provider));
}

function check(flag: string, what: string, given: readonly string[], configured: string[]): void {
  for (const name of given) {
    if (!configured.includes(name)) {
      throw new ConfigError(
        `${flag}: expected one of the configured ${what} (${configured.join(', ') || 'none'}), received ${JSON.stringify(name.slice(0, 80))}`,
      );
    }
  }
}
