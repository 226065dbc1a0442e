import { processIO } from './cli/io.js';
import { signalExitCode } from './cli/signal-exit.js';
import { main } from './cli.js';

const io = processIO();
let interrupt: (signal: NodeJS.Signals) => void = () => undefined;
io.interrupted = new Promise<NodeJS.Signals>((resolve) => {
  interrupt = resolve;
});
let signalled = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    // The first signal stops the command gracefully; a second one exits at once.
    if (signalled) process.exit(signalExitCode(signal));
    signalled = true;
    interrupt(signal);
  });

const code = await main(process.argv.slice(2), io);
process.exitCode = code;
// Long-lived handles (pools, servers) are closed by the commands; don't let a stray timer keep us alive.
setTimeout(() => process.exit(code), 2_000).unref();
