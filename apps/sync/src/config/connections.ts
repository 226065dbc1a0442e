import type { AnyAdapter } from '../providers/registry.js';
import { ADAPTERS } from '../providers/registry.js';
import { checkUrl } from './check-url.js';
import { ConfigError } from './config-error.js';
import type { ParsedConfigFile } from './schema.js';
import { type WebhookOptions, webhookSecrets } from './webhooks.js';

export { CONNECTION_NAME } from './schema.js';

/**
 * One configured connection: an account of a provider with its own credentials, base URL, rate limit,
 * concurrency, checkpoints and (for the worker) schedule and webhook options. Resolved from `connections.<name>`,
 * or from `providers.<provider>` (the shorthand: one connection named after its provider).
 */
export interface ConnectionConfig {
  /** Unique across providers: `^[a-z][a-z0-9_-]{0,62}$`. Stored on every row the connection writes. */
  name: string;
  provider: string;
  adapter: AnyAdapter;
  /** The provider's own settings, as its adapter built them. */
  config: unknown;
  concurrency: number;
  /** The client-side rate limit, requests per second. */
  requestsPerSecond: number;
  /** Largest provider response body read, in bytes (default 32 MiB). */
  maxResponseBytes: number;
  /** Cron line (5 fields) the worker syncs this connection on; null: not scheduled. */
  schedule: string | null;
  /** Options of the provider's webhook verifier; null: no webhooks. */
  webhooks: WebhookOptions | null;
  /** Where it was configured, for messages: `config.connections.<name>` or `config.providers.<provider>`. */
  path: string;
}

/** A connection block as the schema validated it (common keys with defaults, the provider's own keys). */
interface ConnectionBlock {
  provider?: string;
  concurrency: number;
  requestsPerSecond: number;
  allowInsecureHttp: boolean;
  maxResponseBytes: number;
  schedule?: string;
  webhooks?: WebhookOptions;
  [key: string]: unknown;
}

/**
 * Resolves the validated `connections` block and the `providers` shorthand into one list (the shorthand first).
 * Both may be used at once as long as no two connections share a name.
 */
export function resolveConnections(
  file: Pick<ParsedConfigFile, 'providers' | 'connections'>,
): ConnectionConfig[] {
  const out: ConnectionConfig[] = [];
  const taken = new Map<string, string>();
  const entries: Array<[string, string, ConnectionBlock, string]> = [
    ...Object.entries(file.providers ?? {})
      .filter(([, block]) => block !== undefined)
      .map(([p, block]): [string, string, ConnectionBlock, string] => [
        p,
        p,
        block as ConnectionBlock,
        `config.providers.${p}`,
      ]),
    ...Object.entries(file.connections ?? {}).map(
      ([name, block]): [string, string, ConnectionBlock, string] => [
        name,
        (block as ConnectionBlock).provider as string,
        block as ConnectionBlock,
        `config.connections.${name}`,
      ],
    ),
  ];
  for (const [name, provider, block, path] of entries) {
    const other = taken.get(name);
    if (other) {
      throw new ConfigError(
        `${path}: expected a connection name not used yet, received "${name}", which ${other} already names (the providers shorthand names its connection after the provider)`,
      );
    }
    taken.set(name, path);
    out.push(buildConnection(name, ADAPTERS[provider]!, block, path));
  }
  return out;
}

function buildConnection(
  name: string,
  adapter: AnyAdapter,
  block: ConnectionBlock,
  path: string,
): ConnectionConfig {
  const {
    provider: _p,
    concurrency,
    requestsPerSecond,
    allowInsecureHttp,
    maxResponseBytes,
    schedule,
    webhooks,
    ...own
  } = block;
  const policy = { allowInsecureHttp };
  return {
    name,
    provider: adapter.name,
    adapter,
    config: adapter.buildConfig(own, path, policy),
    concurrency,
    requestsPerSecond,
    maxResponseBytes,
    schedule: schedule ?? null,
    webhooks:
      webhooks?.kind === 'jwks'
        ? { ...webhooks, jwksUrl: checkUrl(webhooks.jwksUrl, `${path}.webhooks.jwksUrl`, policy) }
        : (webhooks ?? null),
    path,
  };
}

/** Every secret of a connection (credentials and webhook secrets), for log redaction. */
export function connectionSecrets(c: ConnectionConfig): string[] {
  return [...c.adapter.secretsOf(c.config), ...webhookSecrets(c.webhooks)];
}
