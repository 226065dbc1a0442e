import { type RawBuilder, sql } from 'kysely';

/** One step of a {@link PollSchedule}: sessions at least `olderThanMs` old are polled every `everyMs`. */
export interface PollStep {
  olderThanMs: number;
  everyMs: number;
}

/**
 * When the stored open sessions of a queue connection (a provider without a list endpoint) are fetched again.
 * A session's age is counted from the earlier of its `created_at` and its first discovery. The step with the
 * largest `olderThanMs` not above the age applies; a session younger than every step (or any session when
 * `steps` is empty) is polled on every run. Sessions older than `retentionMs` are not polled any more (the
 * provider has deleted them); null polls them forever. A session discovered again since its last sync is
 * fetched at once, whatever its age.
 */
export interface PollSchedule {
  steps: readonly PollStep[];
  retentionMs: number | null;
}

/** The age a schedule counts from: `least` ignores a null `created_at`. */
const BORN = sql`least(s.created_at, d.first_discovered_at)`;

/** Sessions past the schedule's retention (false when it has none). Columns: `s` sessions, `d` discovered. */
export function pastRetention(poll: PollSchedule, now: Date): RawBuilder<boolean> {
  if (poll.retentionMs === null) return sql<boolean>`false`;
  return sql<boolean>`${BORN} <= ${ago(now, poll.retentionMs)}::timestamptz`;
}

/**
 * The schedule's due rule for a stored open session, as one SQL condition over `s` (idv.sessions) and `d`
 * (idv.discovered_sessions): within retention, and either younger than the first step or last synced at least
 * its step's `everyMs` ago.
 */
export function dueBySchedule(poll: PollSchedule, now: Date): RawBuilder<boolean> {
  const steps = [...poll.steps].sort((a, b) => a.olderThanMs - b.olderThanMs);
  const first = steps[0];
  if (!first) return sql<boolean>`NOT (${pastRetention(poll, now)})`;
  const branches = steps.map((step, i) => {
    const next = steps[i + 1];
    const band = next
      ? sql`${BORN} <= ${ago(now, step.olderThanMs)}::timestamptz AND ${BORN} > ${ago(now, next.olderThanMs)}::timestamptz`
      : sql`${BORN} <= ${ago(now, step.olderThanMs)}::timestamptz`;
    return sql`(${band} AND s.last_synced_at <= ${ago(now, step.everyMs)}::timestamptz)`;
  });
  const young = sql`${BORN} > ${ago(now, first.olderThanMs)}::timestamptz`;
  return sql<boolean>`(NOT (${pastRetention(poll, now)}) AND (${young} OR ${sql.join(branches, sql` OR `)}))`;
}

function ago(now: Date, ms: number): string {
  return new Date(now.getTime() - ms).toISOString();
}
