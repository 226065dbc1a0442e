import { expect, it } from 'vitest';
import {
  enqueueDiscovered,
  forgetDiscovered,
  listDiscoveredToFetch,
  type PollSchedule,
  pollSummary,
  upsertSessions,
} from '../src/index.js';
import { describeEachDatabase } from '../src/testing/index.js';
import { session } from './factories.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T = new Date('2025-06-10T12:00:00Z');
const at = (ms: number) => new Date(T.getTime() + ms);
const POLL: PollSchedule = {
  steps: [
    { olderThanMs: 0, everyMs: 5 * MIN },
    { olderThanMs: HOUR, everyMs: HOUR },
    { olderThanMs: 6 * HOUR, everyMs: 6 * HOUR },
    { olderThanMs: DAY, everyMs: DAY },
  ],
  retentionMs: 7 * DAY,
};

async function due(db: Parameters<typeof upsertSessions>[0], connection: string, now: Date, poll = POLL) {
  const ids: string[] = [];
  for await (const batch of listDiscoveredToFetch(db, 'p-poll', connection, { poll, now }))
    ids.push(...batch);
  return ids;
}

describeEachDatabase('discovered ids: poll schedule and connections', (getDb) => {
  it('returns open sessions only when due by age, never past retention, at once when discovered again', async () => {
    const { db } = getDb();
    // Each id is discovered when its session is created (the age counts from the earlier of the two), then synced.
    const add = async (sessionId: string, createdAgo: number, syncedAgo: number, terminal = false) => {
      await enqueueDiscovered(db, 'p-poll', [{ sessionId, source: 'notification' }], at(-createdAgo), 'c1');
      const s = session({
        provider: 'p-poll',
        sessionId,
        createdAt: at(-createdAgo),
        updatedAt: at(-createdAgo),
      });
      const stored = terminal ? { ...s, status: 'completed' as const, isTerminal: true } : s;
      await upsertSessions(db, [stored], at(-syncedAgo));
    };
    await add('young', 10 * MIN, 4 * MIN);
    await add('hours', 2 * HOUR, 59 * MIN);
    await add('days', 3 * DAY, 23 * HOUR);
    await add('expired', 8 * DAY, 10 * HOUR);
    await add('done', 3 * DAY, 2 * DAY, true);
    await enqueueDiscovered(db, 'p-poll', [{ sessionId: 'new', source: 'cli' }], at(-MIN), 'c1');

    expect(await due(db, 'c1', T)).toEqual(['new']);
    expect(await pollSummary(db, 'p-poll', 'c1', POLL, T)).toEqual({ notDue: 3, pastRetention: 1 });
    // 'young' (5 min step) is due a minute later; 'hours' (hourly) too; 'days' (daily) only an hour later.
    expect(await due(db, 'c1', at(MIN))).toEqual(['hours', 'new', 'young']);
    expect(await due(db, 'c1', at(HOUR))).toEqual(['days', 'hours', 'new', 'young']);
    // Without a schedule (as `sync --full` asks, retention kept) every open session within retention is due.
    expect(await due(db, 'c1', T, { steps: [], retentionMs: 7 * DAY })).toEqual([
      'days',
      'hours',
      'new',
      'young',
    ]);
    // Past retention: not even a year later; discovered again (a notification): due at once, as is a terminal one.
    expect(await due(db, 'c1', at(365 * DAY))).not.toContain('expired');
    await enqueueDiscovered(db, 'p-poll', [{ sessionId: 'expired', source: 'notification' }], T, 'c1');
    await enqueueDiscovered(db, 'p-poll', [{ sessionId: 'done', source: 'cli' }], T, 'c1');
    expect(await due(db, 'c1', T)).toEqual(['done', 'expired', 'new']);
    expect(await pollSummary(db, 'p-poll', 'c1', POLL, T)).toEqual({ notDue: 3, pastRetention: 0 });
  });

  it('keeps each connection to its own ids', async () => {
    const { db } = getDb();
    await enqueueDiscovered(db, 'p-poll', [{ sessionId: 'a-1', source: 'cli' }], T, 'acct-a');
    await enqueueDiscovered(db, 'p-poll', [{ sessionId: 'b-1', source: 'cli' }], T, 'acct-b');
    // The same id seen by both accounts is one row per connection.
    await enqueueDiscovered(db, 'p-poll', [{ sessionId: 'both', source: 'cli' }], T, 'acct-a');
    await enqueueDiscovered(db, 'p-poll', [{ sessionId: 'both', source: 'cli' }], T, 'acct-b');
    expect(await due(db, 'acct-a', T)).toEqual(['a-1', 'both']);
    expect(await due(db, 'acct-b', T)).toEqual(['b-1', 'both']);
    expect(await forgetDiscovered(db, 'p-poll', ['both'], 'acct-a')).toBe(1);
    expect(await due(db, 'acct-a', T)).toEqual(['a-1']);
    expect(await due(db, 'acct-b', T)).toEqual(['b-1', 'both']);
  });
});
