import type { IdvDb } from '@idvkit/db';
import { describeEachDatabase } from '@idvkit/db/testing';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { SharedRateBudget } from '../src/worker/rate-budget.js';

/** How far (ms) the budget's next free slot lies beyond `since` (a server timestamp taken before). */
async function reservedBeyond(db: IdvDb, connection: string, since: Date): Promise<number> {
  const { rows } = await sql<{ ms: number }>`
    SELECT extract(epoch FROM (next_at - ${since}::timestamptz)) * 1000 AS ms
    FROM idv.rate_budgets WHERE connection = ${connection}`.execute(db);
  return Number(rows[0]?.ms);
}

async function serverNow(db: IdvDb): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`SELECT clock_timestamp() AS now`.execute(db);
  return new Date(rows[0]!.now);
}

describeEachDatabase('the shared rate budget of a connection', (getDb) => {
  it('reserves the slots of requests that wait together in one statement, one slot each', async () => {
    const { db } = getDb();
    const t0 = await serverNow(db);
    const budget = new SharedRateBudget({ db, connection: 'together', requestsPerSecond: 1000 });
    await Promise.all(Array.from({ length: 64 }, () => budget.acquire()));
    // The first request reserves alone; the 63 that asked while it was in flight share the next statement.
    expect(budget.reservations).toBe(2);
    // 64 distinct slots 1 ms apart were taken from the shared budget.
    expect(await reservedBeyond(db, 'together', t0)).toBeGreaterThanOrEqual(64);
  });

  it('never reserves more than 100 ms of the budget at once, so other processes are not starved', async () => {
    const { db } = getDb();
    const budget = new SharedRateBudget({ db, connection: 'capped', requestsPerSecond: 10 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 4 }, () => budget.acquire()));
    // At 10 req/s a reservation is one slot: four statements, the last slot 300 ms after the first.
    expect(budget.reservations).toBe(4);
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
  });

  it('two processes drawing on one connection get distinct slots: together they keep its rate', async () => {
    const { db } = getDb();
    const t0 = await serverNow(db);
    // Two limiters stand for two worker processes: they share nothing but the database row.
    const a = new SharedRateBudget({ db, connection: 'shared', requestsPerSecond: 50 });
    const b = new SharedRateBudget({ db, connection: 'shared', requestsPerSecond: 50 });
    const started = performance.now();
    await Promise.all([
      ...Array.from({ length: 10 }, () => a.acquire()),
      ...Array.from({ length: 10 }, () => b.acquire()),
    ]);
    // 20 requests at 50 req/s: the last may go no sooner than 19 intervals (380 ms) after the first.
    expect(performance.now() - started).toBeGreaterThanOrEqual(375);
    expect(await reservedBeyond(db, 'shared', t0)).toBeGreaterThanOrEqual(20 * 20);
  });

  it('a request aborted while it waits for its slot rejects with the reason; its slot stays unused', async () => {
    const { db } = getDb();
    const budget = new SharedRateBudget({ db, connection: 'aborted', requestsPerSecond: 2 });
    await budget.acquire();
    const controller = new AbortController();
    const waiting = budget.acquire(controller.signal);
    setTimeout(() => controller.abort(new Error('stopping')), 50);
    await expect(waiting).rejects.toThrow('stopping');
  });
});
