import { sql } from 'kysely';

const approved = sql`count(*) FILTER (WHERE s.outcome = 'approved')`;
const rejected = sql`count(*) FILTER (WHERE s.outcome = 'rejected')`;
const review = sql`count(*) FILTER (WHERE s.outcome = 'review')`;
const completed = sql`count(*) FILTER (WHERE s.status = 'completed')`;

/**
 * The outcome columns of a group of `idv.sessions s`: counts, then the three rates. `approval_rate` =
 * approved / (approved + rejected), as in `v_daily_outcomes` (review is not a decision yet); `review_rate` =
 * review / (approved + rejected + review), the share of outcomes sent to manual review; `completion_rate` =
 * completed / sessions. A rate is null when its denominator is 0.
 */
export const OUTCOME_COLUMNS = sql`count(*) AS sessions,
  ${completed} AS completed,
  ${approved} AS approved,
  ${rejected} AS rejected,
  ${review} AS review,
  count(*) FILTER (WHERE s.outcome = 'none') AS none,
  count(*) FILTER (WHERE s.outcome = 'unknown') AS unknown,
  count(*) FILTER (WHERE s.outcome IN ('approved', 'rejected')) AS decided,
  ${approved}::float8 / nullif(count(*) FILTER (WHERE s.outcome IN ('approved', 'rejected')), 0) AS approval_rate,
  ${review}::float8 / nullif(count(*) FILTER (WHERE s.outcome IN ('approved', 'rejected', 'review')), 0)
    AS review_rate,
  ${completed}::float8 / nullif(count(*), 0) AS completion_rate`;

/** Seconds from creation to completion of a session `s`, the measure of `v_decision_latency`. */
export const DECISION_SECONDS = sql`extract(epoch FROM s.completed_at - s.created_at)::float8`;

/** `s` was decided: completed with both timestamps (the sessions `v_decision_latency` measures). */
export const MEASURED = sql`s.status = 'completed' AND s.created_at IS NOT NULL AND s.completed_at IS NOT NULL`;
