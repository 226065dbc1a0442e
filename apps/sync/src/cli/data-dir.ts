import { type Stats, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../config/config-error.js';

/**
 * Checks, before anything is created, that the embedded data directory is a directory or can become one. PGlite
 * answers a file there with a bare `ErrnoError` object (no message), so this is the one clear line instead.
 * @param label where the value came from: `--data-dir`, `IDVKIT_DATA_DIR` or `config.dataDir`.
 */
export function checkDataDir(dataDir: string, label: string): void {
  const dir = resolve(dataDir);
  // The nearest existing ancestor (or the directory itself) must be a directory.
  for (let path = dir; ; path = dirname(path)) {
    const stat = statOrNothing(path, label);
    if (stat?.isDirectory()) return;
    if (stat) {
      const what = stat.isFile() ? 'a file' : 'something that is not a directory';
      throw new ConfigError(
        path === dir
          ? `${label}: expected a directory, received ${what}: ${dir}`
          : `${label}: expected a directory, received a path under ${what}: ${path}`,
      );
    }
    if (dirname(path) === path) return;
  }
}

/** The path's stat, or nothing when it does not exist (ENOENT) or runs through a file (ENOTDIR). */
function statOrNothing(path: string, label: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ConfigError(
      `${label}: expected a directory idvkit can use, received a path it cannot inspect (${code ?? 'error'}): ${path}`,
    );
  }
}
