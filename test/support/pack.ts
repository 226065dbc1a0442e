/**
 * Shared by the publishing tests: pack workspace packages as they would be published, and run npm without the
 * parent pnpm run's environment.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** `execFile` as a promise. */
export const run = promisify(execFile);

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** One tarball written by `pnpm pack --json`. */
export interface PackResult {
  name: string;
  version: string;
  filename: string;
  files: { path: string }[];
}

/**
 * Fails with one clear line when a package has no `dist/` yet (the root `pnpm test` builds first).
 * @param dirs package directories relative to the root, e.g. `packages/http`.
 */
export function assertBuilt(dirs: readonly string[]): void {
  const missing = dirs.filter((d) => !existsSync(join(ROOT, d, 'dist', 'index.js')));
  if (missing.length > 0) {
    throw new Error(
      `expected built packages, received no dist/ in ${missing.join(', ')}: build them first (the root \`pnpm test\` does)`,
    );
  }
}

/**
 * Packs workspace packages with `pnpm pack` (which rewrites `workspace:` ranges to real ones) into `destination`.
 * @param names package names, e.g. `@idvkit/http`.
 * @returns each package's tarball and file list, by package name.
 */
export async function packWorkspace(
  names: readonly string[],
  destination: string,
): Promise<Map<string, PackResult>> {
  const filters = names.flatMap((n) => ['--filter', n]);
  const { stdout } = await run(
    'npx',
    ['--yes', 'pnpm@10', ...filters, 'pack', '--pack-destination', destination, '--json'],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
  );
  const json = JSON.parse(stdout.slice(stdout.search(/[[{]/))) as PackResult | PackResult[];
  const packed = new Map<string, PackResult>();
  for (const result of [json].flat()) packed.set(result.name, result);
  const missing = names.filter((n) => !packed.has(n));
  if (missing.length > 0)
    throw new Error(`expected tarballs of ${names.join(', ')}, missing ${missing.join(', ')}`);
  return packed;
}

/** The environment without the parent pnpm/npm run's package- and lifecycle-specific variables (they leak into npm). */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !/^npm_(package|lifecycle|execpath|command)|^npm_config_user_agent$/i.test(k),
      ),
    ),
    ...extra,
  };
}
