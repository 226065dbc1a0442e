/**
 * One forward-only schema migration. `statements` run in order inside one transaction; each is a single SQL
 * statement (PGlite's extended protocol rejects multi-statement strings). A migration, once released, is
 * never edited: fix forward with a new one.
 */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}
