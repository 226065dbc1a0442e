import { getSyncState } from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import type { Sandbox } from '@idvkit/sandbox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdvkitConfig, listConnections, parseConfig } from '../src/config/load-config.js';
import { sandboxConfig } from '../src/demo/sandbox-config.js';
import { planConnections } from '../src/engine/plan.js';
import { type PlannedConnection, runSync } from '../src/engine/run-sync.js';
import type { FlowInfo, ProviderSource } from '../src/engine/types.js';
import { silentLogger } from '../src/output/logger.js';
import { testSandbox } from './support/harness.js';

type Handle = Awaited<ReturnType<ReturnType<typeof testDatabases>[number]['open']>>;
type Environment = 'live' | 'staging';

/** The sandbox's flows (packages/sandbox/src/data/idnow.ts): every environment serves both. */
const SANDBOX_FLOWS = [
  { name: 'KYC onboarding (document + liveness + AML)', version: '3' },
  { name: 'Age verification (document only)', version: '2' },
];
const PAGE_SIZE = 100;
const LOOKBACK_MS = 60 * 60_000;

/** IDnow only, as two environment-scoped connections: `idnow-live` without `flows` (so "all"), staging "all". */
function idnowConfig(sandbox: Sandbox): IdvkitConfig {
  const { json } = sandboxConfig(sandbox, { idnowFlows: 'all' });
  const { flows: _all, ...live } = json.connections!['idnow-live'];
  return parseConfig(
    { connections: { 'idnow-live': live, 'idnow-staging': json.connections!['idnow-staging'] } },
    {},
  );
}

const HTTP = { maxRetries: 0, timeoutMs: 5_000 };

/**
 * One run, IDnow's connections planned as `sync` plans them. The engine calls `discover` once per run of a
 * connection before `scopes()`; the test makes that one call itself and hands the engine the source without it,
 * so the counts below hold whichever engine runs them (one `listFlows` per connection per run).
 */
async function syncRun(handle: Handle, config: IdvkitConfig) {
  const planned = planConnections(listConnections(config, {}), { log: silentLogger, http: HTTP });
  const flows: Record<string, FlowInfo[]> = {};
  const connections: PlannedConnection[] = [];
  for (const p of planned) {
    const { discover, ...source } = p.source;
    flows[p.name] = (await discover?.(AbortSignal.timeout(10_000))) ?? [];
    connections.push({ ...p, source: source as ProviderSource });
  }
  const result = await runSync({ db: handle.db, dbKind: handle.kind, connections, log: silentLogger });
  return { result, flows };
}

/** Sessions of the sandbox per scope (`flowId/environment`), newest first as the list serves them. */
function truthByScope(sandbox: Sandbox) {
  const byScope = new Map<string, Array<{ createdAt: number; open: boolean }>>();
  for (const s of sandbox.truth().idnow.sessions) {
    const key = `${s.flowId}/${s.environment}`;
    const list = byScope.get(key) ?? [];
    const status = String(s.session.sessionStatus);
    list.push({
      createdAt: Date.parse(String(s.session.createdAt)),
      open: ['CREATED', 'RUNNING'].includes(status),
    });
    byScope.set(key, list);
  }
  for (const list of byScope.values()) list.sort((a, b) => b.createdAt - a.createdAt);
  return byScope;
}

const ops = (sandbox: Sandbox) => sandbox.stats().providers.idnow.byOperation;

for (const target of testDatabases()) {
  describe(`IDnow requests: flows "all", discovery and fewest requests against the sandbox (${target.name})`, () => {
    let sandbox: Sandbox;
    let handle: Handle;
    let config: IdvkitConfig;
    beforeAll(async () => {
      sandbox = await testSandbox({ sessions: 400 });
      handle = await target.open();
      config = idnowConfig(sandbox);
    });
    afterAll(async () => {
      await sandbox?.stop();
      await handle?.close();
    });

    it('a full sync discovers every flow of each environment with its name and syncs them: one list page per 100 sessions, one detail per session, no datablock reads', async () => {
      sandbox.resetStats();
      const { result, flows } = await syncRun(handle, config);
      expect(result.status).toBe('succeeded');
      for (const environment of ['live', 'staging'] as const) {
        expect(flows[`idnow-${environment}`]).toEqual(
          sandbox.idnowFlows
            .filter((f) => f.environment === environment)
            .map((f, i) => ({ flowId: f.flowId, ...SANDBOX_FLOWS[i], environment })),
        );
      }
      const byScope = truthByScope(sandbox);
      expect(byScope.size).toBe(4);
      const sessions = [...byScope.values()].reduce((n, l) => n + l.length, 0);
      const pages = [...byScope.values()].reduce(
        (n, l) => n + Math.max(1, Math.ceil(l.length / PAGE_SIZE)),
        0,
      );
      // More than one page somewhere, so the page size is what keeps the count down.
      expect(pages).toBeGreaterThan(byScope.size);
      expect(ops(sandbox)).toEqual({
        createToken: 2,
        listFlows: 2,
        listSessions: pages,
        getSession: sessions,
      });
      expect(result.providers.idnow).toMatchObject({ listed: sessions, fetched: sessions });

      // Every scope of both connections was synced, its rows under the connection of its environment.
      const stored = await sql<{ connection: string; environment: string; flow_id: string; n: number }>`
        SELECT connection, environment, flow_id, count(*)::int AS n FROM idv.sessions WHERE provider = 'idnow'
        GROUP BY connection, environment, flow_id ORDER BY connection, environment, flow_id`.execute(
        handle.db,
      );
      expect(stored.rows).toEqual(
        [...byScope.entries()]
          .map(([key, list]) => {
            const [flowId, environment] = key.split('/') as [string, Environment];
            return { connection: `idnow-${environment}`, environment, flow_id: flowId, n: list.length };
          })
          .sort((a, b) => (a.connection + a.flow_id < b.connection + b.flow_id ? -1 : 1)),
      );
      // Datablock references come from the sessions' `results`, without a datablock read.
      const refs = sandbox
        .truth()
        .idnow.sessions.reduce((n, s) => n + Object.keys(s.session.results as object).length, 0);
      expect(refs).toBeGreaterThan(0);
      const blocks = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM idv.session_datablocks WHERE provider = 'idnow'`.execute(handle.db);
      expect(blocks.rows[0]!.n).toBe(refs);
    });

    it('an unchanged incremental sync makes no detail call, also for open sessions older than the window', async () => {
      const byScope = truthByScope(sandbox);
      // Open sessions created before the checkpoint's lookback: outside the plain incremental window, listed
      // again only because the engine reads back to the oldest open session (IDnow's list has no date filter).
      let olderOpen = 0;
      for (const [key, list] of byScope) {
        const state = await getSyncState(handle.db, 'idnow', key, `idnow-${key.split('/')[1]}`);
        expect(state?.watermark).toBeInstanceOf(Date);
        const windowStart = state!.watermark!.getTime() - LOOKBACK_MS;
        olderOpen += list.filter((s) => s.open && s.createdAt < windowStart).length;
        // Every scope's window fits on its first page: one list request per scope is exact.
        const oldestOpen = Math.min(...list.filter((s) => s.open).map((s) => s.createdAt), windowStart);
        expect(list.filter((s) => s.createdAt >= oldestOpen - LOOKBACK_MS).length).toBeLessThan(PAGE_SIZE);
      }
      expect(olderOpen).toBeGreaterThan(0);

      sandbox.resetStats();
      const { result } = await syncRun(handle, config);
      expect(result.status).toBe('succeeded');
      // The token is cached per client: a new run (new clients) asks once per connection.
      expect(ops(sandbox)).toEqual({ createToken: 2, listFlows: 2, listSessions: 4 });
      expect(result.providers.idnow!.fetched).toBe(0);
      expect(result.providers.idnow!.unchanged).toBe(result.providers.idnow!.listed);
    });

    it('after changes, an incremental sync reads the details of exactly the changed and new sessions', async () => {
      const change = await sandbox.advance({ minutes: 30, create: 6, progress: 0.5 });
      expect(change.changed.idnow.length).toBeGreaterThan(0);
      expect(change.created.idnow.length).toBe(6);
      sandbox.resetStats();
      const { result } = await syncRun(handle, config);
      expect(result.status).toBe('succeeded');
      const details = change.changed.idnow.length + change.created.idnow.length;
      expect(ops(sandbox)).toEqual({ createToken: 2, listFlows: 2, listSessions: 4, getSession: details });
      expect(result.providers.idnow!.fetched).toBe(details);
      const stored = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM idv.sessions WHERE provider = 'idnow'
        AND session_id = ANY (${[...change.changed.idnow, ...change.created.idnow]})
        AND updated_at IS NOT NULL`.execute(handle.db);
      expect(stored.rows[0]!.n).toBe(details);
    });

    it('without discover in this process, "all" has no scopes and a session known by id is read from the connection\'s environment', async () => {
      const [staging] = planConnections(listConnections(config, { connections: ['idnow-staging'] }), {
        log: silentLogger,
        http: HTTP,
      });
      const source = staging!.source;
      expect(source.scopes()).toEqual([]);
      const session = sandbox.truth().idnow.sessions.find((s) => s.environment === 'staging')!;
      sandbox.resetStats();
      const fetched = await source.fetch(source.refFor(session.sessionId, null), {
        signal: AbortSignal.timeout(10_000),
        storedFinalChecks: new Map(),
      });
      expect(source.normalize(fetched, 'minimal').record).toMatchObject({
        sessionId: session.sessionId,
        environment: 'staging',
        flowId: session.flowId,
      });
      expect(ops(sandbox)).toEqual({ createToken: 1, getSession: 1 });
      // Once discovered, the scopes are the environment's flows, keyed as listed flows are.
      await source.discover!(AbortSignal.timeout(10_000));
      expect(source.scopes().map((s) => s.key)).toEqual(
        sandbox.idnowFlows.filter((f) => f.environment === 'staging').map((f) => `${f.flowId}/staging`),
      );
    });
  });
}

describe('IDnow discover with listed flows', () => {
  it('names the listed flows of each environment, and only those', async () => {
    const sandbox = await testSandbox({ sessions: 1 });
    try {
      const { json } = sandboxConfig(sandbox, { idnow: 'provider' });
      const [first, ...rest] = json.providers.idnow!.flows as Array<{
        flowId: string;
        environment: Environment;
      }>;
      const config = parseConfig({ providers: { idnow: { ...json.providers.idnow, flows: [first] } } }, {});
      const [idnow] = planConnections(listConnections(config, {}), { log: silentLogger, http: HTTP });
      sandbox.resetStats();
      const flows = await idnow!.source.discover!(AbortSignal.timeout(10_000));
      expect(flows).toEqual([
        { flowId: first!.flowId, ...SANDBOX_FLOWS[0], environment: first!.environment },
      ]);
      expect(rest.length).toBeGreaterThan(0);
      expect(ops(sandbox)).toEqual({ createToken: 1, listFlows: 1 });
    } finally {
      await sandbox.stop();
    }
  });
});
