import { type RawBuilder, sql } from 'kysely';

/**
 * The flow's name as SQL: the newest name `idv.flows` knows for the provider's flow id, else the id (the rule the
 * views' `flow_name` follows, migration 008: keep the two the same). Without the catalogue (a database before
 * migration 008) it is the id.
 */
export function flowName(
  catalogue: boolean,
  providerColumn: string,
  flowIdColumn: string,
): RawBuilder<unknown> {
  const flowId = sql.ref(flowIdColumn);
  if (!catalogue) return sql`${flowId}`;
  return sql`coalesce((SELECT f.name FROM idv.flows f
    WHERE f.provider = ${sql.ref(providerColumn)} AND f.flow_id = ${flowId} AND f.name IS NOT NULL
    ORDER BY f.last_seen_at DESC, f.connection LIMIT 1), ${flowId})`;
}
