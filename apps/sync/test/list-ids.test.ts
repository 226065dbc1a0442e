import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enqueueDiscovered } from '@idvkit/db';
import { describeEachDatabase } from '@idvkit/db/testing';
import type { Sandbox } from '@idvkit/sandbox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxConfig } from '../src/demo/sandbox-config.js';
import { configFor, syncOnce, testSandbox } from './support/harness.js';
import { type ListProvider, startIdProxy } from './support/id-proxy.js';

/** Issue 15: `..` turned `GET …/sessions/{id}` into `GET /api/v1/`; `.` and "" hit `…/sessions/` (Verifa's list). */
const BAD_IDS = ['..', '.', ''];

/** The paths a sync may request of each provider, given the ids it is allowed to fetch (IDnow: and its flows). */
const ALLOWED: Record<ListProvider, RegExp> = {
  idnow:
    /^\/idnow(-auth\/oidc\/token|\/api\/v1\/(flows\/[^/]+(\/[^/]+\/sessions)?|[^/]+\/sessions\/(?<id>[^/]+)(\/datablocks)?))$/,
  complycube: /^\/complycube\/v1\/(workflowSessions(\/(?<id>[^/]+))?|checks(\/[0-9a-f]{24})?)$/,
  verifa: /^\/verifa\/api\/v1\/(results|workflows|sessions(\/(?<id>[^/]+)(\/workflow-run|\/result)?)?)$/,
};

const truthIds = (sandbox: Sandbox, provider: ListProvider) =>
  sandbox
    .truth()
    [provider].sessions.map((s) => s.sessionId)
    .sort();

/** The request paths that are not a list, a token request, or a detail of one of `ids`. */
const strayPaths = (paths: string[], provider: ListProvider, ids: string[]) =>
  paths.filter((p) => {
    if (!p.startsWith(`/${provider}`)) return false;
    const m = ALLOWED[provider].exec(p);
    return !m || (m.groups?.id !== undefined && !ids.includes(m.groups.id));
  });

describeEachDatabase('list items whose session id is not a safe id', (getDb) => {
  let sandbox: Sandbox;
  let proxy: Awaited<ReturnType<typeof startIdProxy>>;
  beforeAll(async () => {
    sandbox = await testSandbox();
    proxy = await startIdProxy(sandbox.url, BAD_IDS);
  });
  afterAll(async () => {
    await proxy?.close();
    await sandbox?.stop();
  });

  it.each(['verifa', 'complycube', 'idnow'] as const)(
    '%s: the good ids are stored, "..", "." and "" are quarantined at stage list, no stray request, partial',
    async (provider) => {
      // IDnow as one connection (the shorthand), so the proxy's bad ids are counted once.
      const config = configFor(
        sandbox,
        (json) => {
          const p = json.providers[provider] as { baseUrl: string; tokenUrl?: string };
          p.baseUrl = p.baseUrl.replace(sandbox.url, proxy.url);
          if (p.tokenUrl) p.tokenUrl = p.tokenUrl.replace(sandbox.url, proxy.url);
        },
        { idnow: 'provider' },
      );
      const { result } = await syncOnce(getDb(), config, { provider: [provider] });

      expect(result.status).toBe('partial');
      expect(result.providers[provider]).toMatchObject({ status: 'partial', failed: BAD_IDS.length });
      const good = truthIds(sandbox, provider);
      const stored = await sql<{ session_id: string }>`
        SELECT session_id FROM idv.sessions WHERE provider = ${provider}`.execute(getDb().db);
      expect(stored.rows.map((r) => r.session_id).sort()).toEqual(good);
      const errors = await sql<{ session_id: string; stage: string; reason: string }>`
        SELECT session_id, stage, reason FROM idv.sync_errors
        WHERE run_id = ${result.runId} AND provider = ${provider}`.execute(getDb().db);
      expect(errors.rows.map((r) => [r.session_id, r.stage]).sort()).toEqual([
        ['', 'list'],
        ['.', 'list'],
        ['..', 'list'],
      ]);
      for (const e of errors.rows) {
        expect(e.reason).toMatch(
          /^expected a list item's session id to be an id of 1 to 200 letters, digits, .*, received "\.{0,2}"; not fetched$/,
        );
      }
      expect(strayPaths(proxy.paths, provider, good)).toEqual([]);
    },
  );
});

describeEachDatabase('queued (discovered) Yoti ids that are not safe ids', (getDb) => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await testSandbox();
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('are quarantined at stage list, never requested, and leave the queue; the good ones are stored', async () => {
    const good = sandbox.yotiSessionIds().slice(0, 4).sort();
    // Rows written before the rule existed (enqueueDiscovered itself does not apply it).
    const bad = [...BAD_IDS, 'a\r\nb', 'x'.repeat(5000)];
    await enqueueDiscovered(
      getDb().db,
      'yoti',
      [...good, ...bad].map((sessionId) => ({ sessionId, source: 'test' })),
      new Date(),
    );
    sandbox.resetStats();
    const { result } = await syncOnce(getDb(), configFor(sandbox), { provider: ['yoti'] });

    expect(result.providers.yoti).toMatchObject({
      status: 'partial',
      failed: bad.length,
      fetched: good.length,
    });
    expect(sandbox.stats().providers.yoti.requests).toBe(good.length);
    const stored = await sql<{ session_id: string }>`
      SELECT session_id FROM idv.sessions WHERE provider = 'yoti'`.execute(getDb().db);
    expect(stored.rows.map((r) => r.session_id).sort()).toEqual(good);
    const errors = await sql<{ session_id: string | null; stage: string; reason: string }>`
      SELECT session_id, stage, reason FROM idv.sync_errors WHERE run_id = ${result.runId}`.execute(
      getDb().db,
    );
    expect(errors.rows).toHaveLength(bad.length);
    for (const e of errors.rows) {
      expect(e.stage).toBe('list');
      expect(e.reason).toMatch(/^expected a session id of idv.discovered_sessions to be an id of 1 to 200/);
      expect(e.reason).not.toMatch(/[\r\n]/);
    }
    // Short printable ids are kept as they are; the others only in the reason (escaped, cut).
    expect(errors.rows.map((e) => e.session_id ?? 'NULL').sort()).toEqual(['', '.', '..', 'NULL', 'NULL']);
    const queued = await sql<{ session_id: string }>`
      SELECT session_id FROM idv.discovered_sessions WHERE provider = 'yoti'`.execute(getDb().db);
    expect(queued.rows.map((r) => r.session_id).sort()).toEqual(good);

    // The next run finds nothing to quarantine.
    const again = await syncOnce(getDb(), configFor(sandbox), { provider: ['yoti'] });
    expect(again.result.providers.yoti).toMatchObject({ failed: 0 });
  });
});

describe('idvkit sync (child process) with bad ids on a list page', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'idvkit-ids-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('exits 1 with status partial and the good sessions synced', async () => {
    const sandbox = await testSandbox();
    const proxy = await startIdProxy(sandbox.url, BAD_IDS);
    try {
      const { json } = sandboxConfig(sandbox);
      const config = { providers: { verifa: { ...json.providers.verifa, baseUrl: `${proxy.url}/verifa` } } };
      const configPath = join(tmp, 'config.json');
      writeFileSync(configPath, JSON.stringify(config));
      const bin = new URL('../dist/bin.js', import.meta.url).pathname;
      // Not spawnSync: the sandbox and the proxy answer from this process.
      const child = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
        const p = spawn(
          process.execPath,
          [bin, '--config', configPath, '--data-dir', join(tmp, 'data'), 'sync', '--json'],
          {
            stdio: ['ignore', 'pipe', 'ignore'],
          },
        );
        let stdout = '';
        p.stdout.on('data', (c: Buffer) => {
          stdout += c.toString();
        });
        p.on('close', (status) => resolve({ status, stdout }));
      });
      expect(child.status).toBe(1);
      const summary = JSON.parse(child.stdout) as {
        status: string;
        providers: { verifa: { status: string; failed: number; upserted: number } };
      };
      expect(summary.status).toBe('partial');
      expect(summary.providers.verifa).toMatchObject({
        status: 'partial',
        failed: 3,
        upserted: truthIds(sandbox, 'verifa').length,
      });
      expect(strayPaths(proxy.paths, 'verifa', truthIds(sandbox, 'verifa'))).toEqual([]);
    } finally {
      await proxy.close();
      await sandbox.stop();
    }
  });
});
