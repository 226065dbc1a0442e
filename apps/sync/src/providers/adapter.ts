import type { Fields } from '../config/fields.js';
import type { WebhookParser } from '../config/webhooks.js';
import type { ProviderSource, SourceContext } from '../engine/types.js';

/** Settings every connection accepts. */
export interface CommonProviderSettings {
  concurrency: number;
  requestsPerSecond: number;
}

/**
 * One provider, as the CLI wires it: parse a connection's config block, name its secrets (for log redaction),
 * parse its `webhooks` block and build its source, once per connection. Adding a provider = spec + client + a
 * folder implementing this + a line in the registry.
 */
export interface ProviderAdapter<C = unknown> {
  readonly name: string;
  /** Documented limits of the provider, the defaults of `concurrency` and `requestsPerSecond`. */
  readonly defaults: CommonProviderSettings;
  /** The config keys of this provider's connections besides the common ones (`concurrency`, `schedule`, …). */
  readonly configKeys: readonly string[];
  parseConfig(fields: Fields): C;
  /** Parses a connection's `webhooks` block: the options of this provider's webhook verifier. */
  readonly parseWebhooks: WebhookParser;
  secretsOf(config: C): string[];
  createSource(config: C, ctx: SourceContext): ProviderSource;
}
