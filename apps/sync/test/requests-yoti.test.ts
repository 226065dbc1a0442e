import { type DbHandle, enqueueDiscovered } from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import type { Sandbox } from '@idvkit/sandbox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyncFlags, syncCommand } from '../src/commands/sync.js';
import { parseConfig } from '../src/config/load-config.js';
import { sandboxConfig } from '../src/demo/sandbox-config.js';
import { captureIO, testSandbox } from './support/harness.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Yoti connections (and nothing else) on the sandbox's Yoti account. */
function yotiConfig(sandbox: Sandbox, names: string[]) {
  const yoti = sandboxConfig(sandbox).json.providers.yoti;
  return parseConfig(
    { connections: Object.fromEntries(names.map((n) => [n, { provider: 'yoti', ...yoti }])) },
    {},
  );
}

/** One sync at the engine clock `at`; returns the Yoti requests the sandbox answered and the run's stats. */
async function syncAt(
  handle: DbHandle,
  sandbox: Sandbox,
  config: ReturnType<typeof yotiConfig>,
  at: Date,
  flags: SyncFlags = {},
) {
  sandbox.resetStats();
  const cap = captureIO();
  const result = await syncCommand(config, { json: true, ...flags }, {}, cap.io, {
    handle,
    http: { maxRetries: 2, initialRetryDelayMs: 5, maxRetryDelayMs: 20, timeoutMs: 5_000 },
    now: () => at,
  });
  return { requests: sandbox.stats().providers.yoti.requests, result };
}

describe('Yoti: open sessions are polled on a backoff by age, not on every run', () => {
  let sandbox: Sandbox;
  let handle: DbHandle;
  let config: ReturnType<typeof yotiConfig>;
  let T0: Date;
  const at = (ms: number) => new Date(T0.getTime() + ms);
  const openIds = async () =>
    (
      await sql<{ session_id: string }>`
        SELECT session_id FROM idv.sessions WHERE provider = 'yoti' AND NOT is_terminal ORDER BY 1`.execute(
        handle.db,
      )
    ).rows.map((r) => r.session_id);

  beforeAll(async () => {
    sandbox = await testSandbox();
    handle = await testDatabases()[0]!.open();
    config = yotiConfig(sandbox, ['yoti']);
    T0 = sandbox.now();
    const ids = sandbox.yotiSessionIds();
    await enqueueDiscovered(
      handle.db,
      'yoti',
      ids.map((sessionId) => ({ sessionId, source: 'cli' })),
      T0,
    );
  });
  afterAll(async () => {
    await sandbox?.stop();
    await handle?.close();
  });

  it('fetches every id once, then only what the schedule (default 5m → 1h → 6h → 1d, 7d retention) makes due', async () => {
    const full = await syncAt(handle, sandbox, config, T0, { full: true });
    expect(full.requests).toBe(30);
    // The sandbox (seed 7) has three open Yoti sessions, created 8, 13 and 17 hours before T0 (their first
    // resource): all in the 6-hour step at first.
    expect(await openIds()).toHaveLength(3);

    // Right after a full sync nothing is due, and the stats say what was left alone.
    const next = await syncAt(handle, sandbox, config, at(MIN));
    expect(next.requests).toBe(0);
    expect(next.result.connections.yoti).toMatchObject({ fetched: 0, notDue: 3, pastRetention: 0 });
    expect((await syncAt(handle, sandbox, config, at(5 * MIN))).requests).toBe(0);
    // Six hours on, all three are due once.
    expect((await syncAt(handle, sandbox, config, at(6 * HOUR))).requests).toBe(3);
    expect((await syncAt(handle, sandbox, config, at(6 * HOUR + 5 * MIN))).requests).toBe(0);
    // At T0+12h the two older ones are over a day old (daily step, last synced 6 h ago): only the young one.
    expect((await syncAt(handle, sandbox, config, at(12 * HOUR))).requests).toBe(1);
    expect((await syncAt(handle, sandbox, config, at(DAY))).requests).toBe(0);
    // A day after their last poll (T0+6h) the two older ones; the young one (daily now) a day after T0+12h.
    expect((await syncAt(handle, sandbox, config, at(30 * HOUR))).requests).toBe(2);
    expect((await syncAt(handle, sandbox, config, at(36 * HOUR))).requests).toBe(1);
    expect((await syncAt(handle, sandbox, config, at(36 * HOUR + MIN))).requests).toBe(0);
  });

  it('an enqueue makes a session due at once, terminal or not', async () => {
    const [openId] = await openIds();
    const { rows } = await sql<{ session_id: string }>`
      SELECT session_id FROM idv.sessions WHERE provider = 'yoti' AND is_terminal ORDER BY 1 LIMIT 1`.execute(
      handle.db,
    );
    const ids = [openId!, rows[0]!.session_id];
    await enqueueDiscovered(
      handle.db,
      'yoti',
      ids.map((sessionId) => ({ sessionId, source: 'cli' })),
      at(37 * HOUR),
    );
    expect((await syncAt(handle, sandbox, config, at(37 * HOUR + MIN))).requests).toBe(2);
    expect((await syncAt(handle, sandbox, config, at(37 * HOUR + 2 * MIN))).requests).toBe(0);
  });

  it('stops polling sessions past retention, and says so', async () => {
    const late = await syncAt(handle, sandbox, config, at(8 * DAY));
    expect(late.requests).toBe(0);
    expect(late.result.connections.yoti).toMatchObject({ fetched: 0, notDue: 0, pastRetention: 3 });
    // `--full` polls every open session within retention: none is.
    expect((await syncAt(handle, sandbox, config, at(8 * DAY), { full: true })).requests).toBe(0);
  });
});

describe('Yoti: two connections share no discovered ids', () => {
  it('each connection fetches only the ids discovered for it', async () => {
    const sandbox = await testSandbox();
    const handle = await testDatabases()[0]!.open();
    try {
      const config = yotiConfig(sandbox, ['yoti-a', 'yoti-b']);
      const ids = sandbox.yotiSessionIds();
      const item = (sessionId: string) => ({ sessionId, source: 'cli' });
      await enqueueDiscovered(handle.db, 'yoti', ids.slice(0, 4).map(item), sandbox.now(), 'yoti-a');
      await enqueueDiscovered(handle.db, 'yoti', ids.slice(4, 10).map(item), sandbox.now(), 'yoti-b');
      const run = await syncAt(handle, sandbox, config, sandbox.now());
      // One request per id: before, each connection read the whole provider's queue (20 requests).
      expect(run.requests).toBe(10);
      expect(run.result.connections['yoti-a']).toMatchObject({ listed: 4, fetched: 4 });
      expect(run.result.connections['yoti-b']).toMatchObject({ listed: 6, fetched: 6 });
      const { rows } = await sql<{ connection: string; n: number }>`
        SELECT connection, count(*)::int AS n FROM idv.sessions WHERE provider = 'yoti'
        GROUP BY connection ORDER BY connection`.execute(handle.db);
      expect(rows).toEqual([
        { connection: 'yoti-a', n: 4 },
        { connection: 'yoti-b', n: 6 },
      ]);
    } finally {
      await sandbox.stop();
      await handle.close();
    }
  });
});
