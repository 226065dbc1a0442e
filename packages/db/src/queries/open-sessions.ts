import type { IdvDb } from '../database.js';
import { type SessionScope, scopeCondition } from './session-scope.js';

/** Page size of the keyset iterators. */
export const BATCH_SIZE = 500;

/** An open session, as {@link listOpenSessions} yields it. */
export interface OpenSessionRef {
  sessionId: string;
  environment: string | null;
  flowId: string | null;
  createdAt: Date | null;
}

/**
 * The provider's sessions that are not terminal and not deleted at the provider, in batches of ≤ 500,
 * keyset-paged by session id (stable while rows are written between batches). `createdBefore` keeps sessions
 * created before that instant, and those whose creation time is unknown.
 */
export function listOpenSessions(
  db: IdvDb,
  provider: string,
  opts: { createdBefore?: Date; scope?: SessionScope } = {},
): AsyncIterable<OpenSessionRef[]> {
  return keysetSessions(db, provider, { ...opts, openOnly: true });
}

/**
 * The provider's sessions in the scope, terminal or not, that are not marked deleted and whose
 * `last_synced_at` is before `syncedBefore` — after a complete full listing, the sessions the list no longer
 * shows (deleted at the provider, or moved out of the scope). Same batching as {@link listOpenSessions}.
 */
export function listSessionsNotSyncedSince(
  db: IdvDb,
  provider: string,
  opts: { syncedBefore: Date; scope?: SessionScope },
): AsyncIterable<OpenSessionRef[]> {
  return keysetSessions(db, provider, { ...opts, openOnly: false });
}

async function* keysetSessions(
  db: IdvDb,
  provider: string,
  opts: { openOnly: boolean; createdBefore?: Date; syncedBefore?: Date; scope?: SessionScope },
): AsyncIterable<OpenSessionRef[]> {
  let after: string | null = null;
  for (;;) {
    let query = db
      .selectFrom('idv.sessions')
      .select(['session_id', 'environment', 'flow_id', 'created_at'])
      .where('provider', '=', provider)
      .where('provider_deleted_at', 'is', null)
      .where((eb) => scopeCondition(eb, opts.scope));
    if (opts.openOnly) query = query.where('is_terminal', '=', false);
    const { createdBefore, syncedBefore } = opts;
    if (createdBefore) {
      query = query.where((eb) =>
        eb.or([eb('created_at', 'is', null), eb('created_at', '<', createdBefore)]),
      );
    }
    if (syncedBefore) query = query.where('last_synced_at', '<', syncedBefore);
    if (after !== null) query = query.where('session_id', '>', after);
    const rows = await query.orderBy('session_id').limit(BATCH_SIZE).execute();
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      sessionId: r.session_id,
      environment: r.environment,
      flowId: r.flow_id,
      createdAt: r.created_at,
    }));
    if (rows.length < BATCH_SIZE) return;
    after = rows[rows.length - 1]!.session_id;
  }
}

/** Creation time of the provider's oldest open (non-terminal, not deleted) session in the scope, or null. */
export async function oldestOpenCreatedAt(
  db: IdvDb,
  provider: string,
  scope?: SessionScope,
): Promise<Date | null> {
  const row = await db
    .selectFrom('idv.sessions')
    .select((eb) => eb.fn.min('created_at').as('oldest'))
    .where('provider', '=', provider)
    .where('is_terminal', '=', false)
    .where('provider_deleted_at', 'is', null)
    .where((eb) => scopeCondition(eb, scope))
    .executeTakeFirst();
  return (row?.oldest as Date | null | undefined) ?? null;
}
