import { sql } from 'kysely';
import type { IdvDb } from '../database.js';
import { jsonParam, toJsonText } from '../load/json-param.js';
import { BATCH_SIZE } from './open-sessions.js';
import { dueBySchedule, type PollSchedule } from './poll-schedule.js';

/** A session id learned from a notification (`source: 'notification'`) or by hand (`'enqueue'`). */
export interface DiscoveredItem {
  sessionId: string;
  source: string;
  topic?: string | null;
}

/**
 * Upserts discovered session ids of one connection (default: the provider's name, the connection a `providers`
 * shorthand makes) in one statement. Re-discovering a session bumps `discovered_at` (and `source`, `topic`):
 * it means "something changed", so {@link listDiscoveredToFetch} returns it again at once.
 * Returns the number of rows inserted or updated.
 * @throws TypeError for an id the database cannot store as it is (a NUL byte, a lone surrogate).
 */
export async function enqueueDiscovered(
  db: IdvDb,
  provider: string,
  items: DiscoveredItem[],
  now: Date,
  connection: string = provider,
): Promise<number> {
  const byId = new Map<string, DiscoveredItem>();
  for (const item of items) {
    // jsonb would drop a NUL byte (and replace a lone surrogate), storing a different id than the one given.
    if (toJsonText(item.sessionId) !== JSON.stringify(item.sessionId)) {
      throw new TypeError(
        'enqueueDiscovered: expected session ids without NUL bytes or lone surrogates, received one with either',
      );
    }
    byId.set(item.sessionId, item);
  }
  if (byId.size === 0) return 0;
  const rows = [...byId.values()].map((i) => ({
    session_id: i.sessionId,
    source: i.source,
    topic: i.topic ?? null,
  }));
  const at = now.toISOString();
  const result = await sql`
    INSERT INTO idv.discovered_sessions
      (provider, connection, session_id, source, topic, first_discovered_at, discovered_at)
    SELECT ${provider}, ${connection}, r.session_id, r.source, r.topic, ${at}::timestamptz, ${at}::timestamptz
    FROM jsonb_to_recordset(${jsonParam(rows)}) AS r(session_id text, source text, topic text)
    ON CONFLICT (provider, connection, session_id) DO UPDATE SET
      source = excluded.source,
      topic = excluded.topic,
      discovered_at = excluded.discovered_at`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** Which discovered ids {@link listDiscoveredToFetch} returns. */
export interface DiscoveredToFetchOptions {
  /** When stored open sessions are polled again; absent: on every run (only retention and re-discovery aside). */
  poll?: PollSchedule;
  /** The time the schedule is applied at. */
  now?: Date;
}

/**
 * Discovered session ids of one connection that need fetching, in batches of ≤ 500 keyset-paged by id: no
 * session row yet (unless the sync gave up on the id, answered 404 too often, since it was last discovered:
 * see `recordNotFound`); or re-discovered after its last sync; or not terminal and due by `poll` (see
 * {@link PollSchedule}). A row marked deleted at the provider is fetched again only when the id is discovered
 * after that. The whole rule is in the query: no per-session round trips.
 */
export async function* listDiscoveredToFetch(
  db: IdvDb,
  provider: string,
  connection: string,
  opts: DiscoveredToFetchOptions = {},
): AsyncIterable<string[]> {
  const due = opts.poll ? dueBySchedule(opts.poll, opts.now ?? new Date()) : sql<boolean>`true`;
  let after: string | null = null;
  for (;;) {
    let query = db
      .selectFrom('idv.discovered_sessions as d')
      .leftJoin('idv.sessions as s', (join) =>
        join.onRef('s.provider', '=', 'd.provider').onRef('s.session_id', '=', 'd.session_id'),
      )
      .select('d.session_id')
      .where('d.provider', '=', provider)
      .where('d.connection', '=', connection)
      .where((eb) =>
        eb.or([
          eb.and([
            eb('s.session_id', 'is', null),
            eb.not(
              eb.exists(
                eb
                  .selectFrom('idv.not_found_sessions as n')
                  .select('n.session_id')
                  .whereRef('n.provider', '=', 'd.provider')
                  .whereRef('n.session_id', '=', 'd.session_id')
                  .whereRef('n.given_up_at', '>=', 'd.discovered_at'),
              ),
            ),
          ]),
          eb.and([
            eb.or([
              eb('s.provider_deleted_at', 'is', null),
              eb('d.discovered_at', '>', eb.ref('s.provider_deleted_at')),
            ]),
            eb.or([
              eb('d.discovered_at', '>', eb.ref('s.last_synced_at')),
              eb.and([eb('s.is_terminal', '=', false), due]),
            ]),
          ]),
        ]),
      );
    if (after !== null) query = query.where('d.session_id', '>', after);
    const rows = await query.orderBy('d.session_id').limit(BATCH_SIZE).execute();
    if (rows.length === 0) return;
    yield rows.map((r) => r.session_id);
    if (rows.length < BATCH_SIZE) return;
    after = rows[rows.length - 1]!.session_id;
  }
}

/** How many session ids of a provider (or of one of its connections) were ever discovered. */
export async function countDiscovered(db: IdvDb, provider: string, connection?: string): Promise<number> {
  let query = db
    .selectFrom('idv.discovered_sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('provider', '=', provider);
  if (connection !== undefined) query = query.where('connection', '=', connection);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}
