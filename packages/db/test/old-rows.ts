import { sql } from 'kysely';
import type { IdvDb } from '../src/index.js';

/**
 * Rows as an idvkit at schema version 2–4 wrote them, inserted with that version's columns (today's writers
 * write columns those versions do not have). Fixed run ids, so a test can refer to them.
 */
export const OLD_RUN_ID = '00000000-0000-4000-8000-000000000001';
export const OLD_RUNNING_RUN_ID = '00000000-0000-4000-8000-000000000002';

export async function writeVersion2Rows(db: IdvDb): Promise<void> {
  const t0 = '2025-04-01T00:00:00Z';
  await sql`
    INSERT INTO idv.sessions (provider, session_id, environment, flow_id, status, is_terminal, outcome,
      created_at, updated_at, raw, first_synced_at, last_synced_at)
    VALUES
      ('idnow', 's1', 'live', 'flow-a', 'in_progress', false, 'none', ${t0}, ${t0}, '{"id":"s1"}', ${t0}, ${t0}),
      ('yoti', 'y1', NULL, NULL, 'completed', true, 'approved', ${t0}, ${t0}, NULL, ${t0}, ${t0})`.execute(
    db,
  );
  await sql`
    INSERT INTO idv.session_checks (provider, session_id, check_id, check_type, status, result, raw)
    VALUES ('idnow', 's1', 'c1', 'LIVENESS', 'done', 'pass', '{"id":"c1"}')`.execute(db);
  await sql`
    INSERT INTO idv.session_datablocks (provider, session_id, datablock_type, datablock_id, created_at)
    VALUES ('idnow', 's1', 'doc', 'd1', ${t0})`.execute(db);
  await sql`
    INSERT INTO idv.sync_runs (run_id, started_at, finished_at, status, providers, options, stats, error)
    VALUES
      (${OLD_RUN_ID}, ${t0}, ${t0}, 'partial', '{idnow,yoti}', '{"full":false}',
        '{"idnow":{"status":"partial","listed":2},"yoti":{"status":"succeeded","listed":1}}', 'x'),
      (${OLD_RUNNING_RUN_ID}, ${t0}, NULL, 'running', '{verifa}', '{"full":true}', NULL, NULL)`.execute(db);
  await sql`
    INSERT INTO idv.sync_state (provider, scope, watermark) VALUES
      ('idnow', 'flow-a/live', ${t0}), ('verifa', 'default', ${t0})`.execute(db);
  await sql`
    INSERT INTO idv.sync_errors (run_id, provider, session_id, stage, reason, payload)
    VALUES (${OLD_RUN_ID}, 'idnow', 's2', 'normalize', 'status: expected a non-empty string, received nothing',
      '{"id":"s2"}')`.execute(db);
  await sql`
    INSERT INTO idv.discovered_sessions (provider, session_id, source, first_discovered_at, discovered_at)
    VALUES ('yoti', 'y1', 'notification', ${t0}, ${t0}), ('yoti', 'y2', 'notification', ${t0}, ${t0})`.execute(
    db,
  );
}

/** A row of `idv.not_found_sessions` (schema version 3 and later). */
export async function writeVersion3Rows(db: IdvDb): Promise<void> {
  await sql`
    INSERT INTO idv.not_found_sessions (provider, session_id, not_found_runs, first_not_found_at,
      last_not_found_at, last_run_id)
    VALUES ('verifa', 'gone', 1, '2025-04-01T00:00:00Z', '2025-04-01T00:00:00Z', ${OLD_RUN_ID})`.execute(db);
}

/**
 * Rows only a database at version 5–7 holds: sessions of a second connection (one rejected, so
 * v_rejection_reasons has something to count), a webhook event and a rate budget.
 */
export async function writeVersion7Rows(db: IdvDb): Promise<void> {
  const t0 = '2025-04-01T00:00:00Z';
  const t1 = '2025-04-01T00:10:00Z';
  await sql`
    INSERT INTO idv.sessions (provider, connection, session_id, environment, flow_id, status, is_terminal,
      outcome, provider_outcome, created_at, completed_at, updated_at, raw, first_synced_at, last_synced_at)
    VALUES
      ('idnow', 'idnow-staging', 's7', 'staging', 'flow-b', 'completed', true, 'rejected', 'DECLINED',
        ${t0}, ${t1}, ${t1}, '{"id":"s7"}', ${t1}, ${t1}),
      ('idnow', 'idnow-staging', 's8', 'staging', 'flow-b', 'completed', true, 'approved', 'APPROVED',
        ${t0}, ${t1}, ${t1}, NULL, ${t1}, ${t1})`.execute(db);
  await sql`
    INSERT INTO idv.session_checks (provider, connection, session_id, check_id, check_type, status, result)
    VALUES ('idnow', 'idnow-staging', 's7', 'c7', 'LIVENESS', 'done', 'fail')`.execute(db);
  await sql`
    INSERT INTO idv.webhook_events (connection, provider, provider_event_id, event_type, session_id)
    VALUES ('idnow-staging', 'idnow', 'evt-1', 'session.updated', 's7')`.execute(db);
  await sql`INSERT INTO idv.rate_budgets (connection, next_at) VALUES ('idnow-staging', ${t1})`.execute(db);
}
