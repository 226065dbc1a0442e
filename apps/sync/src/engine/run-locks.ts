import { DatabaseUnavailableError, type IdvDb, withAdvisoryLocks } from '@idvkit/db';
import type { RunStop } from './run-stop.js';

/**
 * Runs `fn` with the advisory locks of `keys` it could take (none asked: an empty set, no connection held). The
 * server drops the locks with their connection, so losing it stops the run (this run no longer excludes
 * another), as does a database lost while taking them: either way `fn`'s caller sees `stop.databaseLost`.
 */
export async function withRunLocks(
  db: IdvDb,
  keys: readonly string[],
  stop: RunStop,
  fn: (acquired: ReadonlySet<string>) => Promise<unknown>,
): Promise<void> {
  if (keys.length === 0) {
    await fn(new Set());
    return;
  }
  try {
    await withAdvisoryLocks(db, keys, async (acquired, lockLost) => {
      const unfollow = stop.follow(lockLost);
      try {
        await fn(acquired);
      } finally {
        unfollow();
      }
    });
  } catch (err) {
    if (!(err instanceof DatabaseUnavailableError)) throw err;
    stop.report(err);
  }
}
