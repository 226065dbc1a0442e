import { sql } from 'kysely';
import type { IdvDb } from '../database.js';
import { jsonParam } from '../load/json-param.js';
import type { FlowInfo } from '../records.js';

/** A row of `idv.flows` to upsert, in the jsonb shape `jsonb_to_recordset` expands. */
export interface FlowRow {
  provider: string;
  connection: string;
  flow_id: string;
  name: string | null;
  version: string | null;
  environment: string | null;
}

/**
 * Stores the flow catalogue a connection discovered (`ProviderSource.discover`): one statement, inserting new
 * flows (`first_seen_at` = `last_seen_at` = `now`) and updating known ones. See {@link upsertFlowRows}.
 */
export async function upsertFlows(
  db: IdvDb,
  provider: string,
  connection: string,
  flows: readonly FlowInfo[],
  now: Date,
): Promise<void> {
  await upsertFlowRows(
    db,
    flows.map((f) => ({
      provider,
      connection,
      flow_id: f.flowId,
      name: f.name,
      version: f.version,
      environment: f.environment,
    })),
    now,
  );
}

/**
 * Upserts `idv.flows` rows in one statement (a flow listed twice keeps its last entry). A known flow takes the
 * new `last_seen_at`, and the new name, version and environment where the row has them (null keeps the stored one). The
 * update is guarded so a write older than the stored `last_seen_at` changes nothing (never backwards).
 */
export async function upsertFlowRows(db: IdvDb, rows: readonly FlowRow[], now: Date): Promise<void> {
  const byKey = new Map<string, FlowRow>();
  for (const r of rows) byKey.set(JSON.stringify([r.provider, r.connection, r.flow_id]), r);
  if (byKey.size === 0) return;
  const at = now.toISOString();
  await sql`
    INSERT INTO idv.flows (provider, connection, flow_id, name, version, environment, first_seen_at, last_seen_at)
    SELECT r.provider, r.connection, r.flow_id, r.name, r.version, r.environment,
      ${at}::timestamptz, ${at}::timestamptz
    FROM jsonb_to_recordset(${jsonParam([...byKey.values()])})
      AS r(provider text, connection text, flow_id text, name text, version text, environment text)
    ON CONFLICT (provider, connection, flow_id) DO UPDATE SET
      name = coalesce(excluded.name, idv.flows.name),
      version = coalesce(excluded.version, idv.flows.version),
      environment = coalesce(excluded.environment, idv.flows.environment),
      last_seen_at = excluded.last_seen_at
    WHERE excluded.last_seen_at >= idv.flows.last_seen_at`.execute(db);
}
