type Listener = () => void;

/**
 * Aborts one attempt, on its timeout or the caller's abort. undici's dispatcher takes it as its `signal` (it
 * accepts an emitter with `on`/`once`/`removeListener`), so an attempt on the dispatcher needs no
 * `AbortController`, whose signal is an EventTarget and costs more than the rest of the attempt's bookkeeping;
 * a fetch transport asks {@link AttemptAbort.toSignal} for a real one.
 */
export class AttemptAbort {
  aborted = false;
  reason: unknown;
  #listeners: Listener[] = [];

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener();
  }

  on(_event: 'abort', listener: Listener): this {
    this.#listeners.push(listener);
    return this;
  }

  once(event: 'abort', listener: Listener): this {
    // abort() runs each listener at most once and then forgets them all.
    return this.on(event, listener);
  }

  removeListener(_event: 'abort', listener: Listener): this {
    const at = this.#listeners.indexOf(listener);
    if (at >= 0) this.#listeners.splice(at, 1);
    return this;
  }

  /** A real AbortSignal that follows this one (for `fetch`). */
  toSignal(): AbortSignal {
    const controller = new AbortController();
    if (this.aborted) controller.abort(this.reason);
    else this.on('abort', () => controller.abort(this.reason));
    return controller.signal;
  }
}
