import type { Fields } from '../config/fields.js';
import type { ProviderSource, SourceContext } from '../engine/types.js';

/** Settings every provider block accepts. */
export interface CommonProviderSettings {
  concurrency: number;
  requestsPerSecond: number;
}

/**
 * One provider, as the CLI wires it: parse its config block, name its secrets (for log redaction) and build
 * its source. Adding a provider = spec + client + a folder implementing this + a line in the registry.
 */
export interface ProviderAdapter<C = unknown> {
  readonly name: string;
  /** Documented limits of the provider, the defaults of `concurrency` and `requestsPerSecond`. */
  readonly defaults: CommonProviderSettings;
  /** The config keys of this provider's block besides `concurrency` and `requestsPerSecond`. */
  readonly configKeys: readonly string[];
  parseConfig(fields: Fields): C;
  secretsOf(config: C): string[];
  createSource(config: C, ctx: SourceContext): ProviderSource;
}
