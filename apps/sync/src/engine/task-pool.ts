/** Tasks of one part of the work (e.g. a scope), so that part can wait for its own tasks only. */
export type TaskGroup = Set<Promise<void>>;

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

  /** Starts `task` once a slot is free. With a `group`, the task is also tracked there (see {@link drain}). */
  async submit(task: () => Promise<void>, group?: TaskGroup): Promise<void> {
    while (this.#active.size >= this.#limit) await Promise.race(this.#active);
    const p: Promise<void> = task()
      .catch(() => undefined)
      .finally(() => {
        this.#active.delete(p);
        group?.delete(p);
      });
    this.#active.add(p);
    group?.add(p);
  }

  /** Waits until every task submitted (to `group`, or at all) has finished. */
  async drain(group?: TaskGroup): Promise<void> {
    const tasks = group ?? this.#active;
    while (tasks.size > 0) await Promise.all(tasks);
  }
}
