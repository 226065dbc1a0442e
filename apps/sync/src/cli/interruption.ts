import type { CliIO } from './io.js';

/** Follows the process's first SIGINT/SIGTERM (io.interrupted): `signal` aborts then, and `by` names it. */
export interface Interruption {
  signal: AbortSignal;
  readonly by: NodeJS.Signals | undefined;
}

export function followInterruption(io: CliIO): Interruption {
  const controller = new AbortController();
  let by: NodeJS.Signals | undefined;
  void io.interrupted?.then((signal) => {
    by = signal;
    controller.abort(new Error(`interrupted by ${signal}`));
  });
  return {
    signal: controller.signal,
    get by() {
      return by;
    },
  };
}
