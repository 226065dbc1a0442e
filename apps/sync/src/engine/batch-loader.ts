/**
 * Collects items and hands them to `load` in batches, one load at a time, overlapping the next batch's
 * collection with the current load. `flush(commit)` hands `commit` (e.g. a checkpoint) to the load that takes
 * the items buffered so far, so it is loaded with them (or, when they were all loaded already, after them).
 * A failed load is re-thrown from the next `add` or `flush`.
 */
export class BatchLoader<T, C = never> {
  #buffer: T[] = [];
  #commits: C[] = [];
  #loading: Promise<void> = Promise.resolve();
  #failure: unknown;

  constructor(
    private readonly batchSize: number,
    private readonly load: (batch: T[], commits: C[]) => Promise<void>,
  ) {}

  async add(item: T): Promise<void> {
    this.#throwIfFailed();
    this.#buffer.push(item);
    if (this.#buffer.length >= this.batchSize) await this.#startLoad();
  }

  /** Loads what is buffered (with `commit`, if given) and waits for every load to finish. */
  async flush(commit?: C): Promise<void> {
    this.#throwIfFailed();
    if (commit !== undefined) this.#commits.push(commit);
    await this.#startLoad();
    await this.#loading;
    this.#throwIfFailed();
  }

  async #startLoad(): Promise<void> {
    // Wait until no load is running. Several callers may be waiting on the same load; the first to resume
    // starts the next one, so the others must wait again for that.
    let current: Promise<void>;
    do {
      current = this.#loading;
      await current;
    } while (current !== this.#loading);
    this.#throwIfFailed();
    if (this.#buffer.length === 0 && this.#commits.length === 0) return;
    const batch = this.#buffer;
    const commits = this.#commits;
    this.#buffer = [];
    this.#commits = [];
    this.#loading = this.load(batch, commits).catch((err: unknown) => {
      this.#failure = err;
    });
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }
}
