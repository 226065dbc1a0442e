import { Rng } from './prng.js';
import type { FaultConfig, Provider } from './types.js';

/** What the fault injector decided for one request. */
export type FaultDecision =
  | { kind: 'pass'; invalidJson: boolean }
  | { kind: 'fail'; status: number; retryAfterSeconds: number | null }
  | { kind: 'reset' }
  | { kind: 'hang' };

const RATES = ['hangRate', 'resetRate', 'rateLimit429Rate', 'errorRate', 'invalidJsonRate'] as const;

/**
 * Per-provider fault configuration and decisions. Random faults draw from a per-provider seeded
 * stream that restarts whenever the provider's faults are set, so a given configuration and request
 * sequence always fails the same way.
 */
export class Faults {
  private readonly configs = new Map<Provider, FaultConfig>();
  private readonly streams = new Map<Provider, Rng>();
  private readonly invalid = new Map<Provider, Set<string>>();

  constructor(
    private readonly seed: number,
    initial: Partial<Record<Provider, FaultConfig>> = {},
  ) {
    for (const [provider, config] of Object.entries(initial) as Array<[Provider, FaultConfig]>) {
      this.set(provider, config);
    }
  }

  /** Replaces a provider's faults (`null` clears them). */
  set(provider: Provider, config: FaultConfig | null): void {
    if (!config) {
      this.configs.delete(provider);
      this.invalid.delete(provider);
      this.streams.delete(provider);
      return;
    }
    const copy: FaultConfig = { ...config, failNext: config.failNext?.map((f) => ({ ...f })) };
    this.configs.set(provider, copy);
    this.invalid.set(provider, new Set(config.schemaInvalidSessionIds ?? []));
    this.streams.set(provider, Rng.from(this.seed, 'faults', provider));
  }

  /** The current configuration (with remaining `failNext` counts). */
  get(provider: Provider): FaultConfig | null {
    return this.configs.get(provider) ?? null;
  }

  latencyMs(provider: Provider): number {
    return Math.max(0, this.configs.get(provider)?.latencyMs ?? 0);
  }

  /** Whether this session's payloads must be rendered schema-invalid. */
  isSchemaInvalid(provider: Provider, sessionId: string): boolean {
    return this.invalid.get(provider)?.has(sessionId) ?? false;
  }

  /** Decides the fate of one request to `operation`. */
  decide(provider: Provider, operation: string): FaultDecision {
    const config = this.configs.get(provider);
    if (!config) return { kind: 'pass', invalidJson: false };
    const rng = this.streams.get(provider) as Rng;
    const hit: Record<(typeof RATES)[number], boolean> = {
      hangRate: false,
      resetRate: false,
      rateLimit429Rate: false,
      errorRate: false,
      invalidJsonRate: false,
    };
    // Draw for every configured rate on every request, so the stream advances the same way whatever fires.
    for (const rate of RATES) {
      const p = config[rate] ?? 0;
      if (p > 0) hit[rate] = rng.next() < p;
    }
    const next = config.failNext?.find(
      (f) => f.count > 0 && (f.operation === undefined || f.operation === operation),
    );
    if (next) {
      next.count--;
      return { kind: 'fail', status: next.status, retryAfterSeconds: next.retryAfterSeconds ?? null };
    }
    if (hit.hangRate) return { kind: 'hang' };
    if (hit.resetRate) return { kind: 'reset' };
    if (hit.rateLimit429Rate) {
      const retryAfter = config.retryAfterSeconds === undefined ? 1 : config.retryAfterSeconds;
      return { kind: 'fail', status: 429, retryAfterSeconds: retryAfter };
    }
    if (hit.errorRate) return { kind: 'fail', status: config.errorStatus ?? 500, retryAfterSeconds: null };
    return { kind: 'pass', invalidJson: hit.invalidJsonRate };
  }
}
