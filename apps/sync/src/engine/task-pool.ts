/**
 * Runs at most `limit` tasks at once. `submit` waits for a free slot (backpressure), so a producer that lists
 * faster than the provider answers never holds more than `limit` tasks in memory.
 */
export class TaskPool {
  readonly #limit: number;
  readonly #active = new Set<Promise<void>>();

  constructor(limit: number) {
    this.#limit = Math.max(1, Math.floor(limit));
  }

  async submit(task: () => Promise<void>): Promise<void> {
    while (this.#active.size >= this.#limit) await Promise.race(this.#active);
    const p: Promise<void> = task()
      .catch(() => undefined)
      .finally(() => this.#active.delete(p));
    this.#active.add(p);
  }

  /** Waits until every submitted task has finished. */
  async drain(): Promise<void> {
    while (this.#active.size > 0) await Promise.all(this.#active);
  }
}
