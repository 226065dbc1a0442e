import type { Migration } from './migration.js';

/** Tables whose rows gain the connection that wrote them, backfilled with the provider name. */
const CONNECTION_TABLES = ['sessions', 'session_checks', 'session_datablocks', 'sync_errors', 'sync_state'];

/**
 * Connections: several named accounts per provider. Every session, check, datablock, error and checkpoint row
 * records its `connection`, and every run the connections it covered. Rows written before this migration get
 * the provider's name, which is the name a `providers` shorthand gives its one connection, so an upgraded
 * database goes on where it left off. A session seen by two connections of one provider stays one row (the
 * primary keys keep provider + id; `connection` is the one that wrote it last); checkpoints become per
 * connection. Views keep their columns; `v_open_sessions` appends `connection`. See docs/schema.md.
 */
export const connections: Migration = {
  version: 5,
  name: 'connections',
  statements: [
    ...CONNECTION_TABLES.flatMap((table) => [
      `ALTER TABLE idv.${table} ADD COLUMN connection text`,
      `UPDATE idv.${table} SET connection = provider`,
      `ALTER TABLE idv.${table} ALTER COLUMN connection SET NOT NULL`,
    ]),
    `ALTER TABLE idv.sync_state DROP CONSTRAINT sync_state_pkey`,
    `ALTER TABLE idv.sync_state ADD CONSTRAINT sync_state_pkey PRIMARY KEY (provider, connection, scope)`,
    `CREATE INDEX sessions_connection_open_idx ON idv.sessions (connection, session_id) WHERE NOT is_terminal`,
    `ALTER TABLE idv.sync_runs ADD COLUMN connections text[]`,
    `UPDATE idv.sync_runs SET connections = providers`,
    `ALTER TABLE idv.sync_runs ALTER COLUMN connections SET NOT NULL`,
    // Per-connection counters; `stats` stays keyed by provider (their totals) for the views and older scripts.
    `ALTER TABLE idv.sync_runs ADD COLUMN connection_stats jsonb`,
    `CREATE OR REPLACE VIEW idv.v_open_sessions AS
    SELECT
      s.provider,
      s.session_id,
      s.environment,
      s.flow_id,
      s.status,
      s.provider_status,
      s.last_step_id,
      s.last_step_type,
      s.created_at,
      s.updated_at,
      s.expires_at,
      s.last_synced_at,
      extract(epoch FROM now() - s.created_at)::float8 AS age_seconds,
      now() - s.created_at AS age,
      s.connection
    FROM idv.sessions s
    WHERE NOT s.is_terminal AND s.provider_deleted_at IS NULL
    ORDER BY s.created_at ASC NULLS LAST, s.provider, s.session_id`,
  ],
};
