/** Where a command writes and what it may read: injected so tests run the CLI in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /** Resolves with the signal when the user interrupts (SIGINT/SIGTERM); long-running commands stop on it. */
  interrupted?: Promise<NodeJS.Signals>;
}

/** The IO of the real process. */
export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    isTTY: !!process.stderr.isTTY,
  };
}
