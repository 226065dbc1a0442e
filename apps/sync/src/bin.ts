import { processIO } from './cli/io.js';
import { main } from './cli.js';

const io = processIO();
let interrupt: () => void = () => undefined;
io.interrupted = new Promise<void>((resolve) => {
  interrupt = resolve;
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => interrupt());

const code = await main(process.argv.slice(2), io);
process.exitCode = code;
// Long-lived handles (pools, servers) are closed by the commands; don't let a stray timer keep us alive.
setTimeout(() => process.exit(code), 2_000).unref();
