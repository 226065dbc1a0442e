#!/usr/bin/env node
// `pnpm bench [options]`: builds the benchmark package (bench/) and what it depends on (turbo), then runs the
// benchmark with the options given, e.g. `pnpm bench --quick` or `pnpm bench --only full,scale --sessions 20000`.
// (A package.json script of the form `turbo run build && node …` would hand the options to turbo instead.)
// See docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const turbo = fileURLToPath(
  new URL(`../node_modules/.bin/turbo${process.platform === 'win32' ? '.cmd' : ''}`, import.meta.url),
);
const build = spawnSync(
  existsSync(turbo) ? turbo : 'turbo',
  ['run', 'build', '--filter=@idvkit/bench...', '--output-logs=errors-only'],
  {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);
// main.js reads its options from process.argv (and IDVKIT_BENCH), which are this script's arguments.
await import('../bench/dist/main.js');
