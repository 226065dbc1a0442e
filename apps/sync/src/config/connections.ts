import { DEFAULT_MAX_RESPONSE_BYTES } from '@idvkit/http';
import { ADAPTERS, type AnyAdapter, PROVIDER_NAMES } from '../providers/registry.js';
import { ConfigError, describeValue } from './config-error.js';
import { Fields } from './fields.js';
import { PROVIDER_LIMITS } from './limits.js';
import { parseSchedule } from './schedule.js';
import { type WebhookOptions, webhookSecrets } from './webhooks.js';

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
  /** The provider's own settings, as its adapter parsed them. */
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

/** The rule of a connection name (it is stored, logged and used in flags and advisory-lock keys). */
export const CONNECTION_NAME = /^[a-z][a-z0-9_-]{0,62}$/;
const NAME_RULE = 'a name of lowercase letters, digits, _ and - that starts with a letter (at most 63)';

/** Keys every connection accepts besides its provider's own. */
const COMMON_KEYS = [
  'concurrency',
  'requestsPerSecond',
  'allowInsecureHttp',
  'maxResponseBytes',
  'schedule',
  'webhooks',
];

/**
 * Resolves the `connections` block and the `providers` shorthand into one list. Both may be used at once as
 * long as no two connections share a name.
 */
export function parseConnections(top: Fields): ConnectionConfig[] {
  const out: ConnectionConfig[] = [];
  const taken = new Map<string, string>();
  const add = (c: ConnectionConfig) => {
    const other = taken.get(c.name);
    if (other) {
      throw new ConfigError(
        `${c.path}: expected a connection name not used yet, received "${c.name}", which ${other} already names (the providers shorthand names its connection after the provider)`,
      );
    }
    taken.set(c.name, c.path);
    out.push(c);
  };
  for (const [provider, value] of Object.entries(top.object('providers')?.value ?? {})) {
    const path = `config.providers.${provider}`;
    const adapter = ADAPTERS[provider];
    if (!adapter) {
      throw new ConfigError(`${path}: unknown provider (expected one of ${PROVIDER_NAMES.join(', ')})`);
    }
    add(parseConnection(provider, adapter, Fields.of(value, path), []));
  }
  for (const [name, value] of Object.entries(top.object('connections')?.value ?? {})) {
    const path = `config.connections.${name}`;
    if (!CONNECTION_NAME.test(name)) {
      throw new ConfigError(`${path}: expected ${NAME_RULE}, received ${JSON.stringify(name.slice(0, 80))}`);
    }
    const f = Fields.of(value, path);
    const provider = f.value.provider;
    const adapter = typeof provider === 'string' ? ADAPTERS[provider] : undefined;
    if (!adapter) {
      throw new ConfigError(
        `${path}.provider: expected one of ${PROVIDER_NAMES.join(', ')}, received ${typeof provider === 'string' ? JSON.stringify(provider.slice(0, 40)) : describeValue(provider)}`,
      );
    }
    add(parseConnection(name, adapter, f, ['provider']));
  }
  return out;
}

function parseConnection(
  name: string,
  adapter: AnyAdapter,
  block: Fields,
  extraKeys: string[],
): ConnectionConfig {
  block.only([...extraKeys, ...adapter.configKeys, ...COMMON_KEYS]);
  const f = block.withUrlPolicy({ allowInsecureHttp: block.boolean('allowInsecureHttp', false) });
  const schedule = f.optionalString('schedule');
  const webhooksBlock = f.object('webhooks');
  return {
    name,
    provider: adapter.name,
    adapter,
    config: adapter.parseConfig(f),
    concurrency: f.numberInRange('concurrency', adapter.defaults.concurrency, PROVIDER_LIMITS.concurrency),
    requestsPerSecond: f.numberInRange(
      'requestsPerSecond',
      adapter.defaults.requestsPerSecond,
      PROVIDER_LIMITS.requestsPerSecond,
    ),
    maxResponseBytes: f.numberInRange(
      'maxResponseBytes',
      DEFAULT_MAX_RESPONSE_BYTES,
      PROVIDER_LIMITS.maxResponseBytes,
    ),
    schedule: schedule === undefined ? null : parseSchedule(schedule, `${f.path}.schedule`),
    webhooks: webhooksBlock ? adapter.parseWebhooks(webhooksBlock) : null,
    path: f.path,
  };
}

/** Every secret of a connection (credentials and webhook secrets), for log redaction. */
export function connectionSecrets(c: ConnectionConfig): string[] {
  return [...c.adapter.secretsOf(c.config), ...webhookSecrets(c.webhooks)];
}
