import { sql } from 'kysely';
import type { IdvDb } from '../database.js';

/**
 * Reserves the next `count` request slots of `connection`'s budget, shared by every process using this
 * database, and returns how long to wait (ms) before the first one; the others follow `intervalMs` apart. A GCRA
 * in one statement: the row's `next_at` is the earliest time the next request may go; each reservation takes
 * `max(next_at, now)` and moves `next_at` `count` intervals on, under the row lock, so concurrent callers get
 * distinct slots on the server's clock. A reservation that is not used (the caller aborted, died or had nothing
 * left to send) only makes the budget stricter, never looser.
 */
export async function reserveRateSlot(
  db: IdvDb,
  connection: string,
  intervalMs: number,
  count = 1,
): Promise<number> {
  const span = `${intervalMs * count} milliseconds`;
  const { rows } = await sql<{ wait_ms: number | string }>`
    INSERT INTO idv.rate_budgets AS b (connection, next_at)
    VALUES (${connection}, clock_timestamp() + ${span}::interval)
    ON CONFLICT (connection) DO UPDATE
      SET next_at = greatest(b.next_at, clock_timestamp()) + ${span}::interval
    RETURNING greatest(0, extract(epoch FROM (b.next_at - ${span}::interval - clock_timestamp())) * 1000)
      AS wait_ms`.execute(db);
  return Number(rows[0]?.wait_ms ?? 0);
}
