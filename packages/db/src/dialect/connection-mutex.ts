/**
 * A promise-chain mutex: `lock()` resolves once every earlier holder has called its release function.
 * PGlite has exactly one connection, so every Kysely connection (and every transaction) queues here.
 */
export class ConnectionMutex {
  #tail: Promise<void> = Promise.resolve();

  /** Waits for the lock; returns the function that releases it (idempotent). */
  async lock(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => held);
    await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  }
}
