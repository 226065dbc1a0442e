import { afterAll, beforeAll, describe } from 'vitest';
import type { DbHandle } from '../open/handle.js';
import { testDatabases } from './test-databases.js';

/**
 * `describe(name)` once per engine of {@link testDatabases} (titled `name [pglite]`, `name [postgres]`), with
 * a fresh migrated database opened in `beforeAll` and closed in `afterAll`. The tests of one block share it:
 * use distinct provider names or session ids per test, or open more databases with `testDatabases()`.
 */
export function describeEachDatabase(name: string, fn: (getDb: () => DbHandle) => void): void {
  for (const database of testDatabases()) {
    describe(`${name} [${database.name}]`, () => {
      let handle: DbHandle | undefined;
      beforeAll(async () => {
        handle = await database.open();
      });
      afterAll(async () => {
        await handle?.close();
      });
      fn(() => {
        if (!handle) throw new Error(`the ${database.name} test database is not open (beforeAll failed?)`);
        return handle;
      });
    });
  }
}
