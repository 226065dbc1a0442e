import type { Provider, RateLimitConfig, SandboxOptions } from './types.js';

/** Result of charging one request to a provider's limit. */
export interface RateCheck {
  allowed: boolean;
  /** Seconds until a request would be allowed (when refused). */
  retryAfterSeconds: number;
  limit: number;
  remaining: number;
  /** Unix seconds when the window (or bucket) is full again. */
  resetUnix: number;
}

interface Limiter {
  take(now: number): RateCheck;
}

/** Token bucket: `rate` tokens per second, at most `burst` stored. */
class TokenBucket implements Limiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  take(now: number): RateCheck {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    const allowed = this.tokens >= 1;
    if (allowed) this.tokens -= 1;
    const deficit = allowed ? 0 : 1 - this.tokens;
    return {
      allowed,
      retryAfterSeconds: Math.max(1, Math.ceil(deficit / this.rate)),
      limit: this.burst,
      remaining: Math.floor(this.tokens),
      resetUnix: Math.ceil((now + ((this.burst - this.tokens) / this.rate) * 1000) / 1000),
    };
  }
}

/** Fixed one-minute window of `perMinute` requests (Verifa's documented model). */
class MinuteWindow implements Limiter {
  private windowStart = 0;
  private used = 0;

  constructor(private readonly perMinute: number) {}

  take(now: number): RateCheck {
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.used = 0;
    }
    const allowed = this.used < this.perMinute;
    if (allowed) this.used++;
    const resetMs = this.windowStart + 60_000;
    return {
      allowed,
      retryAfterSeconds: Math.max(1, Math.ceil((resetMs - now) / 1000)),
      limit: this.perMinute,
      remaining: this.perMinute - this.used,
      resetUnix: Math.ceil(resetMs / 1000),
    };
  }
}

/** Defaults used when rate limits are enabled for a provider without numbers. */
export const DEFAULT_RATE_LIMITS: Record<Provider, RateLimitConfig> = {
  idnow: { requestsPerSecond: 20, burst: 40 },
  yoti: { requestsPerSecond: 20, burst: 40 },
  complycube: { requestsPerSecond: 10, burst: 10 },
  verifa: { perMinute: 300 },
};

/**
 * Limits that depend on the credential, used when rate limits are enabled for the provider without explicit
 * numbers: ComplyCube allows 10 req/s on live keys and 5 req/s on test keys
 * (https://docs.complycube.com/documentation/api-reference/rate-limits), each key its own bucket.
 */
export const PARTITIONED_RATE_LIMITS: Partial<Record<Provider, Record<string, RateLimitConfig>>> = {
  complycube: {
    test: { requestsPerSecond: 5, burst: 5 },
    live: { requestsPerSecond: 10, burst: 10 },
  },
};

/** Per-provider rate limiters (real time). Off unless enabled by the `rateLimits` option. */
export class RateLimits {
  private readonly limiters = new Map<Provider, Limiter>();
  /** Providers limited per credential (no explicit numbers given), and their buckets so far. */
  private readonly partitioned = new Map<Provider, Map<string, Limiter>>();

  constructor(option: SandboxOptions['rateLimits'], now: number = Date.now()) {
    if (!option) return;
    const entries: Array<[Provider, RateLimitConfig]> =
      option === true
        ? [
            ['complycube', {}],
            ['verifa', {}],
          ]
        : (Object.entries(option) as Array<[Provider, RateLimitConfig]>);
    for (const [provider, config] of entries) {
      const defaults = DEFAULT_RATE_LIMITS[provider];
      if (
        PARTITIONED_RATE_LIMITS[provider] &&
        config.requestsPerSecond === undefined &&
        config.perMinute === undefined &&
        config.burst === undefined
      ) {
        this.partitioned.set(provider, new Map());
      }
      // An explicit requestsPerSecond picks a token bucket, an explicit perMinute a window; else the provider's default model.
      const useWindow =
        config.requestsPerSecond === undefined &&
        (config.perMinute !== undefined || defaults.perMinute !== undefined);
      if (useWindow) {
        this.limiters.set(provider, new MinuteWindow(config.perMinute ?? defaults.perMinute ?? 300));
      } else {
        const rate = config.requestsPerSecond ?? defaults.requestsPerSecond ?? 10;
        this.limiters.set(
          provider,
          new TokenBucket(
            rate,
            config.burst ?? (config.requestsPerSecond ? rate : (defaults.burst ?? rate)),
            now,
          ),
        );
      }
    }
  }

  /** Whether `provider` is rate limited at all. */
  enabled(provider: Provider): boolean {
    return this.limiters.has(provider);
  }

  /**
   * Charges one request; null when the provider is not rate limited. `partition` names the credential's
   * bucket (e.g. ComplyCube `test`/`live`); it only matters when the limit was enabled without numbers.
   */
  take(provider: Provider, now: number = Date.now(), partition?: string): RateCheck | null {
    const buckets = this.partitioned.get(provider);
    const config = partition !== undefined ? PARTITIONED_RATE_LIMITS[provider]?.[partition] : undefined;
    if (buckets && config) {
      let limiter = buckets.get(partition as string);
      if (!limiter) {
        const rate = config.requestsPerSecond ?? 10;
        limiter = new TokenBucket(rate, config.burst ?? rate, now);
        buckets.set(partition as string, limiter);
      }
      return limiter.take(now);
    }
    return this.limiters.get(provider)?.take(now) ?? null;
  }
}
