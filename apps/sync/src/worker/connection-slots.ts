/**
 * At most `limit` fetches of one connection at once in this worker process: the connection's `concurrency` (its
 * config's, as `sync` uses it), however many of its jobs the process runs at once. Together with `--concurrency`
 * (jobs per process) it makes concurrency per process and per connection; the rate budget is across processes.
 */
export class ConnectionSlots {
  #free: number;
  readonly #waiting: Array<() => void> = [];
  /** Most calls ever running at once (tests and diagnostics). */
  peak = 0;
  #running = 0;

  constructor(limit: number) {
    this.#free = Math.max(1, Math.floor(limit));
  }

  /** Runs `fn` once a slot is free, in the order asked. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#running++;
    this.peak = Math.max(this.peak, this.#running);
    try {
      return await fn();
    } finally {
      this.#running--;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}
