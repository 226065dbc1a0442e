import type * as z from 'zod';
import type { UrlPolicy } from '../config/check-url.js';
import type { WebhooksSchema } from '../config/webhooks.js';
import type { ProviderSource, SourceContext } from '../engine/types.js';

/** Settings every connection accepts. */
export interface CommonProviderSettings {
  concurrency: number;
  requestsPerSecond: number;
}

/**
 * One provider, as the CLI wires it: the schema of a connection's keys and the rules across them, its secrets
 * (for log redaction), the schema of its `webhooks` block, and its source, built once per connection. Adding a
 * provider = spec + client + a folder implementing this + a line in the registry.
 */
export interface ProviderAdapter<C = unknown> {
  readonly name: string;
  /** Documented limits of the provider, the defaults of `concurrency` and `requestsPerSecond`. */
  readonly defaults: CommonProviderSettings;
  /** The zod schema of this provider's keys besides the common ones (`concurrency`, `schedule`, …). */
  readonly configShape: z.ZodRawShape;
  /**
   * Builds the settings from keys the schema validated: the rules across keys and the URL checks under the
   * connection's policy. Throws a ConfigError naming `where` (`config.connections.<name>`).
   */
  // biome-ignore lint/suspicious/noExplicitAny: the value is what configShape validated.
  buildConfig(value: any, where: string, policy: UrlPolicy): C;
  /** The schema of a connection's `webhooks` block: the options of this provider's webhook verifier. */
  readonly webhooks: WebhooksSchema;
  secretsOf(config: C): string[];
  createSource(config: C, ctx: SourceContext): ProviderSource;
}
