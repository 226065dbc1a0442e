import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases } from '@idvkit/db/testing';
import type { Sandbox } from '@idvkit/sandbox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { type IdvkitConfig, parseConfig } from '../src/config/load-config.js';
import { sandboxConfig } from '../src/demo/sandbox-config.js';
import { expectedFromTruth } from './support/expected.js';
import { captureIO, syncOnce, testSandbox } from './support/harness.js';

type Handle = Awaited<ReturnType<ReturnType<typeof testDatabases>[number]['open']>>;

/**
 * IDnow as two environment-scoped connections (the sandbox config's), and Verifa as two connections with the
 * same key: they list the same sessions, which must be stored once each.
 */
function twoPerProviderJson(sandbox: Sandbox) {
  const { json } = sandboxConfig(sandbox);
  const verifa = { provider: 'verifa', ...json.providers.verifa };
  return { connections: { ...json.connections, 'verifa-a': verifa, 'verifa-b': verifa } };
}

function twoPerProvider(sandbox: Sandbox): IdvkitConfig {
  return parseConfig(twoPerProviderJson(sandbox), {});
}

async function rows(handle: Handle, table: string) {
  const r = await sql<{ provider: string; connection: string; n: number }>`
    SELECT provider, connection, count(*)::int AS n FROM ${sql.table(`idv.${table}`)}
    GROUP BY provider, connection ORDER BY provider, connection`.execute(handle.db);
  return r.rows;
}

for (const target of testDatabases()) {
  describe(`connections: several per provider against the sandbox (${target.name})`, () => {
    let sandbox: Sandbox;
    let handle: Handle;
    beforeAll(async () => {
      sandbox = await testSandbox();
      handle = await target.open();
    });
    afterAll(async () => {
      await sandbox?.stop();
      await handle?.close();
    });

    it('two connections of one provider store each session once, as many as the sandbox has, each row with its connection', async () => {
      const { result, stdout } = await syncOnce(handle, twoPerProvider(sandbox));
      expect(result.status).toBe('succeeded');
      const truth = expectedFromTruth(sandbox.truth());
      const count = (p: string) => truth.filter((s) => s.provider === p).length;

      const sessions = await sql<{ provider: string; session_id: string; n: number }>`
        SELECT provider, session_id, count(*)::int AS n FROM idv.sessions
        GROUP BY provider, session_id HAVING count(*) > 1`.execute(handle.db);
      expect(sessions.rows).toEqual([]);
      const stored = await rows(handle, 'sessions');
      const sum = (p: string) => stored.filter((r) => r.provider === p).reduce((n, r) => n + r.n, 0);
      expect(sum('verifa')).toBe(count('verifa'));
      expect(sum('idnow')).toBe(count('idnow'));
      expect(stored.map((r) => r.connection).sort()).toEqual(
        expect.arrayContaining(['idnow-live', 'idnow-staging']),
      );
      for (const r of stored) {
        expect(['idnow-live', 'idnow-staging', 'verifa-a', 'verifa-b']).toContain(r.connection);
      }
      // An IDnow connection sees one environment: its rows are that environment's sessions.
      const mixed = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM idv.sessions
        WHERE provider = 'idnow' AND connection <> 'idnow-' || environment`.execute(handle.db);
      expect(mixed.rows[0]!.n).toBe(0);
      // Checks and datablocks carry their session's connection.
      const orphans = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM idv.session_checks c
        JOIN idv.sessions s USING (provider, session_id) WHERE c.connection <> s.connection`.execute(
        handle.db,
      );
      expect(orphans.rows[0]!.n).toBe(0);
      const blocks = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM idv.session_datablocks d
        JOIN idv.sessions s USING (provider, session_id) WHERE d.connection <> s.connection`.execute(
        handle.db,
      );
      expect(blocks.rows[0]!.n).toBe(0);

      // Both Verifa connections listed every session; the JSON summary is per connection, with provider totals.
      const json = JSON.parse(stdout);
      expect(Object.keys(json.connections).sort()).toEqual([
        'idnow-live',
        'idnow-staging',
        'verifa-a',
        'verifa-b',
      ]);
      expect(json.connections['verifa-a']).toMatchObject({ provider: 'verifa', listed: count('verifa') });
      expect(json.connections['verifa-b']).toMatchObject({ provider: 'verifa', listed: count('verifa') });
      expect(json.providers.verifa).toMatchObject({
        status: 'succeeded',
        listed: 2 * count('verifa'),
        fetched: json.connections['verifa-a'].fetched + json.connections['verifa-b'].fetched,
      });
      expect(json.providers.idnow.listed).toBe(count('idnow'));
      expect(Object.keys(json.providers).sort()).toEqual(['idnow', 'verifa']);

      // Checkpoints per connection; the run records its connections and their counters.
      const state = await sql<{ connection: string }>`
        SELECT DISTINCT connection FROM idv.sync_state ORDER BY connection`.execute(handle.db);
      expect(state.rows.map((r) => r.connection)).toEqual([
        'idnow-live',
        'idnow-staging',
        'verifa-a',
        'verifa-b',
      ]);
      const run = await sql<{ providers: string[]; connections: string[]; connection_stats: unknown }>`
        SELECT providers, connections, connection_stats FROM idv.sync_runs
        WHERE run_id = ${result.runId}`.execute(handle.db);
      expect(run.rows[0]!.providers.sort()).toEqual(['idnow', 'verifa']);
      expect(run.rows[0]!.connections.sort()).toEqual([
        'idnow-live',
        'idnow-staging',
        'verifa-a',
        'verifa-b',
      ]);
      expect(run.rows[0]!.connection_stats).toMatchObject({ 'verifa-b': { provider: 'verifa' } });
    });

    it('a second run fetches nothing unchanged for either connection', async () => {
      sandbox.resetStats();
      const { result } = await syncOnce(handle, twoPerProvider(sandbox));
      expect(result.status).toBe('succeeded');
      const stats = sandbox.stats().providers;
      expect(stats.verifa.byOperation.getSession ?? 0).toBe(0);
      expect(stats.idnow.byOperation.getSession ?? 0).toBe(0);
      for (const s of Object.values(result.connections)) expect(s.unchanged).toBe(s.listed);
    });

    it('--connection syncs only the named connections; --provider all connections of a provider', async () => {
      const change = await sandbox.advance({ minutes: 30, create: 2 });
      const { result } = await syncOnce(handle, twoPerProvider(sandbox), { connection: ['verifa-b'] });
      expect(Object.keys(result.connections)).toEqual(['verifa-b']);
      expect(Object.keys(result.providers)).toEqual(['verifa']);
      const created = await sql<{ session_id: string; connection: string }>`
        SELECT session_id, connection FROM idv.sessions WHERE provider = 'verifa'
        AND session_id = ANY (${change.created.verifa})`.execute(handle.db);
      expect(created.rows.map((r) => r.connection)).toEqual(change.created.verifa.map(() => 'verifa-b'));
      // IDnow was not synced: its new sessions are not stored yet.
      const idnowNew = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM idv.sessions WHERE provider = 'idnow'
        AND session_id = ANY (${change.created.idnow})`.execute(handle.db);
      expect(idnowNew.rows[0]!.n).toBe(0);
      const run = await sql<{ connections: string[] }>`
        SELECT connections FROM idv.sync_runs WHERE run_id = ${result.runId}`.execute(handle.db);
      expect(run.rows[0]!.connections).toEqual(['verifa-b']);

      const byProvider = await syncOnce(handle, twoPerProvider(sandbox), { provider: ['idnow'] });
      expect(Object.keys(byProvider.result.connections).sort()).toEqual(['idnow-live', 'idnow-staging']);
      const stored = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM idv.sessions WHERE provider = 'idnow'
        AND session_id = ANY (${change.created.idnow})`.execute(handle.db);
      expect(stored.rows[0]!.n).toBe(change.created.idnow.length);
    });
  });
}

describe('idvkit runs', () => {
  it('shows the connections of each run', async () => {
    const sandbox = await testSandbox({ sessions: 4 });
    const dir = mkdtempSync(join(tmpdir(), 'idvkit-runs-'));
    try {
      const configFile = join(dir, 'config.json');
      writeFileSync(configFile, JSON.stringify(twoPerProviderJson(sandbox)));
      const base = ['--config', configFile, '--data-dir', join(dir, 'pgdata')];
      const sync = captureIO();
      expect(await main([...base, 'sync', '--connection', 'verifa-a', 'idnow-live', '--json'], sync.io)).toBe(
        0,
      );
      expect(Object.keys(JSON.parse(sync.stdout()).connections).sort()).toEqual(['idnow-live', 'verifa-a']);

      const table = captureIO();
      expect(await main([...base, 'runs'], table.io)).toBe(0);
      const [header, , row] = table.stdout().split('\n');
      expect(header).toMatch(/providers\s+connections/);
      expect(row).toMatch(/idnow,verifa\s+idnow-live,verifa-a|verifa,idnow\s+verifa-a,idnow-live/);
      const json = captureIO();
      expect(await main([...base, 'runs', '--json'], json.io)).toBe(0);
      const [run] = JSON.parse(json.stdout());
      expect(run.connections.sort()).toEqual(['idnow-live', 'verifa-a']);
      expect(Object.keys(run.connectionStats).sort()).toEqual(['idnow-live', 'verifa-a']);
      expect(Object.keys(run.stats).sort()).toEqual(['idnow', 'verifa']);
    } finally {
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
