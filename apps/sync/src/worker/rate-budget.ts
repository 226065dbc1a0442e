import { type IdvDb, reserveRateSlot } from '@idvkit/db';
import { RateLimiter, sleep } from '@idvkit/http';

/**
 * The client's rate limiter, backed by one budget per connection in Postgres (idv.rate_budgets) that every
 * worker process on every machine reserves from, so `requestsPerSecond` holds for all of them together. Each
 * request reserves a slot in one statement (see reserveRateSlot) and waits for it; slots are spaced evenly
 * (burst 1), like the single-process limiter, so the provider's own burst allowance absorbs network jitter.
 */
export class SharedRateBudget extends RateLimiter {
  readonly #db: IdvDb;
  readonly #connection: string;
  readonly #intervalMs: number;
  readonly #onWait: ((ms: number) => void) | undefined;

  constructor(opts: {
    db: IdvDb;
    connection: string;
    requestsPerSecond: number;
    /** Hears each wait for a slot (ms), for the rate-limit-wait metric. */
    onWait?: (ms: number) => void;
  }) {
    super({ requestsPerSecond: opts.requestsPerSecond });
    this.#db = opts.db;
    this.#connection = opts.connection;
    this.#intervalMs = 1000 / opts.requestsPerSecond;
    this.#onWait = opts.onWait;
  }

  override async acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const waitMs = await reserveRateSlot(this.#db, this.#connection, this.#intervalMs);
    this.#onWait?.(waitMs);
    if (waitMs > 0) await sleep(waitMs, signal);
  }
}
