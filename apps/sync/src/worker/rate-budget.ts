import { type IdvDb, reserveRateSlot } from '@idvkit/db';
import { RateLimiter, sleep } from '@idvkit/http';

/**
 * The most of the budget one reservation takes: this long a stretch of slots (at least one slot), so one process
 * never reserves far ahead of the others (at ComplyCube's 10 req/s a reservation is one slot; at 1,000 req/s up
 * to 100).
 */
const MAX_RESERVATION_MS = 100;

interface Waiter {
  resolve: (at: number) => void;
  reject: (err: unknown) => void;
}

/**
 * The client's rate limiter, backed by one budget per connection in Postgres (idv.rate_budgets) that every
 * worker process on every machine reserves from, so `requestsPerSecond` holds for all of them together. Slots are
 * spaced evenly (burst 1), like the single-process limiter, so the provider's own burst allowance absorbs network
 * jitter. Each process has at most one reservation in flight per connection: the requests that asked meanwhile
 * are reserved together in the next statement (consecutive slots, see reserveRateSlot), so a busy process pays a
 * fraction of a database round trip per request, and no slot is reserved that no request waits for.
 */
export class SharedRateBudget extends RateLimiter {
  readonly #db: IdvDb;
  readonly #connection: string;
  readonly #intervalMs: number;
  readonly #maxSlots: number;
  readonly #onWait: ((ms: number) => void) | undefined;
  readonly #waiting: Waiter[] = [];
  #reserving = false;
  /** Reservation statements made (tests and diagnostics). */
  reservations = 0;

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
    this.#maxSlots = Math.max(1, Math.floor(MAX_RESERVATION_MS / this.#intervalMs));
    this.#onWait = opts.onWait;
  }

  override async acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const at = await new Promise<number>((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#reserve();
    });
    const waitMs = Math.max(0, at - performance.now());
    this.#onWait?.(waitMs);
    // An abort while waiting leaves its slot unused: the budget only gets stricter.
    if (waitMs > 0) await sleep(waitMs, signal);
  }

  /** Reserves slots for the requests waiting, unless a reservation is already in flight (it calls again). */
  #reserve(): void {
    if (this.#reserving || this.#waiting.length === 0) return;
    this.#reserving = true;
    const batch = this.#waiting.splice(0, this.#maxSlots);
    this.reservations++;
    reserveRateSlot(this.#db, this.#connection, this.#intervalMs, batch.length)
      .then(
        (waitMs) => {
          const first = performance.now() + waitMs;
          for (const [i, w] of batch.entries()) w.resolve(first + i * this.#intervalMs);
        },
        (err: unknown) => {
          for (const w of batch) w.reject(err);
        },
      )
      .finally(() => {
        this.#reserving = false;
        this.#reserve();
      });
  }
}
