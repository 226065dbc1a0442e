import { RateLimiter } from '@idvkit/http';

/** A wait on the limiter shorter than this is spacing between requests, not "waiting on the rate limit". */
const NOTICEABLE_MS = 250;

/**
 * A connection's {@link RateLimiter} that knows when requests are held by it, so the progress line can say
 * "waiting (rate limit)" instead of looking stuck.
 */
export class WatchedRateLimiter extends RateLimiter {
  /** When each pending acquire began, by a number of its own. */
  readonly #waitingSince = new Map<number, number>();
  #next = 0;

  override async acquire(signal?: AbortSignal): Promise<void> {
    const id = this.#next++;
    this.#waitingSince.set(id, performance.now());
    try {
      await super.acquire(signal);
    } finally {
      this.#waitingSince.delete(id);
    }
  }

  /** True while a request has waited on the limiter for a noticeable time. */
  get waiting(): boolean {
    const now = performance.now();
    for (const since of this.#waitingSince.values()) if (now - since >= NOTICEABLE_MS) return true;
    return false;
  }
}
