import { DatabaseUnavailableError } from '@idvkit/db';

/**
 * The signal a run's work follows. A lost database stops the whole run, not only the provider that noticed: the
 * database is gone for all of them. The first DatabaseUnavailableError reported (by any provider, or as the
 * reason of a followed signal such as the advisory-lock connection's `lost`) aborts {@link signal} with it.
 */
export class RunStop {
  readonly #controller = new AbortController();
  #databaseLost: DatabaseUnavailableError | undefined;

  /** @param parent a signal that stops the run too (e.g. the user interrupted). */
  constructor(parent?: AbortSignal) {
    if (parent) this.follow(parent);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The loss that stopped the run, if one did. */
  get databaseLost(): DatabaseUnavailableError | undefined {
    return this.#databaseLost;
  }

  /** Hears an error that stopped some work; stops the run when it means the database is gone. */
  readonly report = (err: unknown): void => {
    if (!(err instanceof DatabaseUnavailableError) || this.#databaseLost) return;
    this.#databaseLost = err;
    this.#controller.abort(err);
  };

  /** Stops the run when `signal` aborts; returns a function that stops following it. */
  follow(signal: AbortSignal): () => void {
    const onAbort = () => {
      this.report(signal.reason);
      if (!this.#controller.signal.aborted) this.#controller.abort(signal.reason);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    return () => signal.removeEventListener('abort', onAbort);
  }
}
