import type { Migration } from './migration.js';

/**
 * Discovered session ids per connection. `idv.discovered_sessions` was keyed by provider only, so two Yoti
 * connections (two accounts) shared one queue and each fetched the other's ids, where a 404 marked them
 * deleted. Each row now records the connection a notification, webhook or `enqueue` named, and a connection
 * fetches only its own. Rows written before get the provider's name (as migration 005 did for the other
 * tables): the name a `providers` shorthand gives its one connection. Independent of migration 008.
 */
export const discoveredConnections: Migration = {
  version: 9,
  name: 'discovered_connections',
  statements: [
    `ALTER TABLE idv.discovered_sessions ADD COLUMN connection text`,
    `UPDATE idv.discovered_sessions SET connection = provider`,
    `ALTER TABLE idv.discovered_sessions ALTER COLUMN connection SET NOT NULL`,
    `ALTER TABLE idv.discovered_sessions DROP CONSTRAINT discovered_sessions_pkey`,
    `ALTER TABLE idv.discovered_sessions
      ADD CONSTRAINT discovered_sessions_pkey PRIMARY KEY (provider, connection, session_id)`,
  ],
};
