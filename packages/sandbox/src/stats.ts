import { PROVIDERS, type Provider, type ProviderStats, type SandboxStats } from './types.js';

function empty(): ProviderStats {
  return {
    requests: 0,
    byOperation: {},
    status: { '2xx': 0, '4xx': 0, '5xx': 0, '429': 0 },
    resets: 0,
    hangs: 0,
  };
}

/** Request counters per provider (admin routes are not counted). */
export class Stats {
  private providers = new Map<Provider, ProviderStats>(PROVIDERS.map((p) => [p, empty()]));

  private of(provider: Provider): ProviderStats {
    return this.providers.get(provider) as ProviderStats;
  }

  request(provider: Provider, operation: string): void {
    const s = this.of(provider);
    s.requests++;
    s.byOperation[operation] = (s.byOperation[operation] ?? 0) + 1;
  }

  status(provider: Provider, status: number): void {
    const s = this.of(provider).status;
    if (status === 429) s['429']++;
    else if (status >= 500) s['5xx']++;
    else if (status >= 400) s['4xx']++;
    else s['2xx']++;
  }

  reset(provider: Provider): void {
    this.of(provider).resets++;
  }

  hang(provider: Provider): void {
    this.of(provider).hangs++;
  }

  clear(): void {
    this.providers = new Map(PROVIDERS.map((p) => [p, empty()]));
  }

  snapshot(): SandboxStats {
    const providers = {} as Record<Provider, ProviderStats>;
    let total = 0;
    for (const p of PROVIDERS) {
      const s = this.of(p);
      providers[p] = { ...s, byOperation: { ...s.byOperation }, status: { ...s.status } };
      total += s.requests;
    }
    return { providers, total };
  }
}
