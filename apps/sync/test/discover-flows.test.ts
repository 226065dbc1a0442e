import type { IdvDb } from '@idvkit/db';
import { describeEachDatabase } from '@idvkit/db/testing';
import type { JobHelpers } from 'graphile-worker';
import { expect, it } from 'vitest';
import { checkConnection } from '../src/check/check-connection.js';
import type { ConnectionConfig } from '../src/config/connections.js';
import { type PlannedConnection, runSync } from '../src/engine/run-sync.js';
import { emptyStats } from '../src/engine/stats.js';
import type { FlowInfo, ProviderSource } from '../src/engine/types.js';
import { silentLogger } from '../src/output/logger.js';
import { syncConnectionTask } from '../src/worker/tasks/sync-connection.js';
import type { WorkerContext } from '../src/worker/worker-context.js';

const T1 = new Date('2025-05-01T00:00:00Z');
const T2 = new Date('2025-05-02T00:00:00Z');

/**
 * A source with a flow catalogue and no sessions: the engine's interface, implemented in the test. `calls`
 * records the order of discover and scopes; `fail` makes discover reject like a provider error.
 */
function catalogueSource(provider: string, flows: () => FlowInfo[], fail?: Error) {
  const calls: string[] = [];
  const source: ProviderSource = {
    provider,
    discovery: 'list',
    listsByUpdatedAt: true,
    sensitiveKeys: { secret: [], personal: [] },
    async discover(signal) {
      calls.push('discover');
      expect(signal).toBeInstanceOf(AbortSignal);
      if (fail) throw fail;
      return flows();
    },
    scopes() {
      calls.push('scopes');
      // The scopes come from the catalogue, as IDnow `flows: "all"` builds them.
      return flows().map((f) => ({ key: f.flowId, flowId: f.flowId, environment: f.environment }));
    },
    // An empty listing: one empty page.
    async *list(scope) {
      calls.push(`list ${scope.key}`);
      yield [];
    },
    refFor(sessionId, scope) {
      return { sessionId, scope: scope ?? { key: 'default' }, createdAt: null, updatedAt: null };
    },
    fetch() {
      throw new Error('no sessions to fetch');
    },
    normalize() {
      throw new Error('no sessions to normalize');
    },
  };
  return { source, calls };
}

const flow = (flowId: string, name: string | null, version = '3'): FlowInfo => ({
  flowId,
  name,
  version,
  environment: 'live',
});

function planned(name: string, source: ProviderSource): PlannedConnection {
  return {
    name,
    provider: source.provider,
    source,
    stats: { ...emptyStats(), provider: source.provider },
    concurrency: 2,
  };
}

async function flowsOf(db: IdvDb, provider: string) {
  return db
    .selectFrom('idv.flows')
    .selectAll()
    .where('provider', '=', provider)
    .orderBy('connection')
    .orderBy('flow_id')
    .execute();
}

describeEachDatabase('discover: the flow catalogue of a connection', (getDb) => {
  it('sync stores the discovered flows per connection; a re-run updates name and last_seen_at, keeps first_seen_at', async () => {
    const { db, kind } = getDb();
    let names = { kyc: 'Basic KYC', aml: null as string | null };
    const live = catalogueSource('p-sync', () => [flow('kyc', names.kyc), flow('aml', names.aml)]);
    const eu = catalogueSource('p-sync', () => [flow('kyc', 'KYC (EU)', '1')]);
    const run = (now: Date) =>
      runSync({
        db,
        dbKind: kind,
        connections: [planned('p-live', live.source), planned('p-eu', eu.source)],
        log: silentLogger,
        now: () => now,
      });

    expect((await run(T1)).status).toBe('succeeded');
    // Once per connection run, before the scopes (which are built from it). Scopes are listed side by side, so
    // their order among themselves is not fixed.
    expect(live.calls.slice(0, 2)).toEqual(['discover', 'scopes']);
    expect(live.calls.slice(2).sort()).toEqual(['list aml', 'list kyc']);
    const row = (
      connection: string,
      flow_id: string,
      name: string | null,
      version: string,
      first: Date,
      last: Date,
    ) => ({
      provider: 'p-sync',
      connection,
      flow_id,
      name,
      version,
      environment: 'live',
      first_seen_at: first,
      last_seen_at: last,
    });
    expect(await flowsOf(db, 'p-sync')).toEqual([
      row('p-eu', 'kyc', 'KYC (EU)', '1', T1, T1),
      row('p-live', 'aml', null, '3', T1, T1),
      row('p-live', 'kyc', 'Basic KYC', '3', T1, T1),
    ]);

    names = { kyc: 'Full KYC', aml: 'AML screening' };
    live.calls.length = 0;
    expect((await run(T2)).status).toBe('succeeded');
    expect(live.calls.filter((c) => c === 'discover')).toHaveLength(1);
    expect(await flowsOf(db, 'p-sync')).toEqual([
      row('p-eu', 'kyc', 'KYC (EU)', '1', T1, T2),
      row('p-live', 'aml', 'AML screening', '3', T1, T2),
      row('p-live', 'kyc', 'Full KYC', '3', T1, T2),
    ]);
  });

  it('a dry run discovers but stores nothing', async () => {
    const { db, kind } = getDb();
    const { source, calls } = catalogueSource('p-dry', () => [flow('kyc', 'KYC')]);
    const result = await runSync({
      db,
      dbKind: kind,
      connections: [planned('p-dry', source)],
      dryRun: true,
      log: silentLogger,
      now: () => T1,
    });
    expect(result.status).toBe('succeeded');
    expect(calls[0]).toBe('discover');
    expect(await flowsOf(db, 'p-dry')).toEqual([]);
  });

  it('a discover failure fails the connection like a list failure, with a clear message; the others go on', async () => {
    const { db, kind } = getDb();
    const broken = catalogueSource(
      'p-fail',
      () => [],
      new Error('GET /api/v1/flows/live: 503 Service Unavailable'),
    );
    const fine = catalogueSource('p-fine', () => [flow('kyc', 'KYC')]);
    const result = await runSync({
      db,
      dbKind: kind,
      connections: [planned('p-fail', broken.source), planned('p-fine', fine.source)],
      log: silentLogger,
      now: () => T1,
    });
    expect(result.status).toBe('partial');
    expect(result.connections['p-fail']).toMatchObject({
      status: 'failed',
      error:
        'discovering the flows of connection p-fail failed: GET /api/v1/flows/live: 503 Service Unavailable',
    });
    // No scope was listed after the failure.
    expect(broken.calls).toEqual(['discover']);
    expect(result.connections['p-fine']?.status).toBe('succeeded');
    expect((await flowsOf(db, 'p-fine')).map((f) => f.name)).toEqual(['KYC']);
  });

  it('the worker sync-connection task discovers and stores the flows before listing', async () => {
    const { db } = getDb();
    const { source, calls } = catalogueSource('p-worker', () => [flow('kyc', 'Worker KYC')]);
    const ctx = {
      db,
      log: silentLogger,
      config: { raw: 'minimal', lookbackMinutes: 60, reopenWindowDays: 30, batchSize: 100 },
      fetchBatchSize: 10,
      fetchAttempts: 1,
      connection: () => ({ connection: { name: 'p-worker', provider: 'p-worker' }, source }),
    } as unknown as WorkerContext;
    const helpers = {
      job: { id: '1' },
      abortSignal: new AbortController().signal,
      addJob: async () => undefined,
    } as unknown as JobHelpers;
    await syncConnectionTask(ctx)({ connection: 'p-worker' }, helpers);
    expect(calls).toEqual(['discover', 'scopes', 'list kyc']);
    expect((await flowsOf(db, 'p-worker')).map((f) => [f.connection, f.flow_id, f.name])).toEqual([
      ['p-worker', 'kyc', 'Worker KYC'],
    ]);
  });
});

it('check reads the flow catalogue before the scopes and reports how many flows it found', async () => {
  const { source, calls } = catalogueSource('p-check', () => [flow('a', 'A'), flow('b', null)]);
  const entry = {
    name: 'p-check',
    provider: 'p-check',
    adapter: { createSource: () => source },
    config: {},
    requestsPerSecond: 10,
    maxResponseBytes: 1024,
  } as unknown as ConnectionConfig;
  const result = await checkConnection(entry, { secrets: [] });
  expect(result).toMatchObject({
    ok: true,
    flows: 2,
    firstPages: [
      { scope: 'a (live)', sessions: 0 },
      { scope: 'b (live)', sessions: 0 },
    ],
  });
  expect(calls.slice(0, 2)).toEqual(['discover', 'scopes']);

  const broken = catalogueSource('p-check', () => [], new Error('401 Unauthorized'));
  const failed = await checkConnection(
    { ...entry, adapter: { createSource: () => broken.source } } as unknown as ConnectionConfig,
    {
      secrets: [],
    },
  );
  expect(failed).toMatchObject({
    ok: false,
    error: 'discovering the flows of connection p-check failed: 401 Unauthorized',
  });
  expect(failed.flows).toBeUndefined();
  expect(broken.calls).toEqual(['discover']);
});
