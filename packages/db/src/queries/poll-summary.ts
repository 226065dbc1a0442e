import { sql } from 'kysely';
import type { IdvDb } from '../database.js';
import { dueBySchedule, type PollSchedule, pastRetention } from './poll-schedule.js';

/** Stored open sessions of a queue connection that a run left alone, as {@link pollSummary} counts them. */
export interface PollSummary {
  /** Open, within retention, not due yet by the schedule (and not discovered again since their last sync). */
  notDue: number;
  /** Open but past the provider's retention: never polled again unless discovered again. */
  pastRetention: number;
}

/**
 * Counts, in one query, the discovered open sessions of a connection that {@link listDiscoveredToFetch} does
 * not return under `poll` at `now`: those not due yet and those past retention (for the run's stats and log).
 */
export async function pollSummary(
  db: IdvDb,
  provider: string,
  connection: string,
  poll: PollSchedule,
  now: Date,
): Promise<PollSummary> {
  const { rows } = await sql<{ not_due: number; past_retention: number }>`
    SELECT
      count(*) FILTER (WHERE NOT (${dueBySchedule(poll, now)}) AND NOT (${pastRetention(poll, now)}))::int AS not_due,
      count(*) FILTER (WHERE ${pastRetention(poll, now)})::int AS past_retention
    FROM idv.discovered_sessions d
    JOIN idv.sessions s ON s.provider = d.provider AND s.session_id = d.session_id
    WHERE d.provider = ${provider} AND d.connection = ${connection}
      AND NOT s.is_terminal AND s.provider_deleted_at IS NULL
      AND d.discovered_at <= s.last_synced_at`.execute(db);
  const row = rows[0];
  return { notDue: Number(row?.not_due ?? 0), pastRetention: Number(row?.past_retention ?? 0) };
}
