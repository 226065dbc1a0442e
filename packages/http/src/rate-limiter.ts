/** Options of a {@link RateLimiter}. */
export interface RateLimiterOptions {
  requestsPerSecond: number;
  /** Bucket size: how many requests may go at once after a quiet period. Default 1 (smooth spacing). */
  burst?: number;
}

/**
 * A token bucket shared by every request of a client. `acquire()` resolves when a token is available;
 * callers queue in FIFO order so no request starves.
 */
export class RateLimiter {
  readonly #intervalMs: number;
  readonly #burst: number;
  #tokens: number;
  #last: number;
  #queue: Promise<void> = Promise.resolve();

  constructor(opts: RateLimiterOptions) {
    if (!(opts.requestsPerSecond > 0)) {
      throw new RangeError(`requestsPerSecond must be a positive number, got ${opts.requestsPerSecond}`);
    }
    this.#intervalMs = 1000 / opts.requestsPerSecond;
    this.#burst = Math.max(1, opts.burst ?? 1);
    this.#tokens = this.#burst;
    this.#last = performance.now();
  }

  /** Waits for a token. Rejects with the signal's reason if aborted while waiting. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(() => this.#take(signal));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #take(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.#refill();
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return;
    }
    const waitMs = (1 - this.#tokens) * this.#intervalMs;
    await sleep(waitMs, signal);
    this.#refill();
    this.#tokens = Math.max(0, this.#tokens - 1);
  }

  #refill(): void {
    const now = performance.now();
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#last) / this.#intervalMs);
    this.#last = now;
  }
}

/** setTimeout as a promise that rejects with the signal's reason when aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
