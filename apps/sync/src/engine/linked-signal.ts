/**
 * Runs `fn` with a signal of its own that follows `parent`. Every request made with a signal gets an abort
 * listener on it from undici's Request, released only when the request is garbage-collected, and undici counts
 * a signal's listeners on each new Request: on the run's long-lived signal that is thousands of listeners and
 * quadratic work. A short-lived signal per fetch keeps the run's signal at one listener per fetch in flight.
 */
export async function withLinkedSignal<T>(
  parent: AbortSignal,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onAbort();
  else parent.addEventListener('abort', onAbort, { once: true });
  try {
    return await fn(controller.signal);
  } finally {
    parent.removeEventListener('abort', onAbort);
  }
}
