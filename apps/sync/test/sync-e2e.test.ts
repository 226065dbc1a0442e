import { enqueueDiscovered } from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import type { Sandbox } from '@idvkit/sandbox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedFromTruth } from './support/expected.js';
import { configFor, countBy, dumpData, syncOnce, testSandbox } from './support/harness.js';

type Handle = Awaited<ReturnType<ReturnType<typeof testDatabases>[number]['open']>>;

async function enqueueYoti(handle: Handle, sandbox: Sandbox, ids = sandbox.yotiSessionIds()) {
  await enqueueDiscovered(
    handle.db,
    'yoti',
    ids.map((sessionId) => ({ sessionId, source: 'test' })),
    new Date(),
  );
}

async function normalizedRows(handle: Handle) {
  const sessions = await sql<{ provider: string; session_id: string; status: string; outcome: string }>`
    SELECT provider, session_id, status, outcome FROM idv.sessions WHERE provider_deleted_at IS NULL
    ORDER BY provider || session_id`.execute(handle.db);
  const checks = await sql<{ provider: string; session_id: string; check_id: string; result: string }>`
    SELECT provider, session_id, check_id, result FROM idv.session_checks`.execute(handle.db);
  const blocks = await sql<{
    provider: string;
    session_id: string;
    datablock_type: string;
    datablock_id: string;
  }>`
    SELECT provider, session_id, datablock_type, datablock_id FROM idv.session_datablocks`.execute(handle.db);
  return sessions.rows.map((s) => ({
    provider: s.provider,
    sessionId: s.session_id,
    status: s.status,
    outcome: s.outcome,
    checks: Object.fromEntries(
      checks.rows
        .filter((c) => c.provider === s.provider && c.session_id === s.session_id)
        .map((c) => [c.check_id, c.result]),
    ),
    datablocks: blocks.rows
      .filter((b) => b.provider === s.provider && b.session_id === s.session_id)
      .map((b) => `${b.datablock_type}/${b.datablock_id}`)
      .sort(),
  }));
}

const sortBlocks = <T extends { datablocks: string[] }>(rows: T[]) =>
  rows.map((r) => ({ ...r, datablocks: [...r.datablocks].sort() }));

for (const target of testDatabases()) {
  describe(`sync end to end against the sandbox (${target.name})`, () => {
    let sandbox: Sandbox;
    let handle: Handle;
    beforeAll(async () => {
      sandbox = await testSandbox();
      handle = await target.open();
      await enqueueYoti(handle, sandbox);
    });
    afterAll(async () => {
      await sandbox?.stop();
      await handle?.close();
    });

    it('a full sync equals the ground truth: every session, check and datablock, normalized per the mapping', async () => {
      const { result } = await syncOnce(handle, configFor(sandbox));
      expect(result.status).toBe('succeeded');
      expect(sortBlocks(await normalizedRows(handle))).toEqual(
        sortBlocks(expectedFromTruth(sandbox.truth())),
      );
      for (const s of Object.values(result.providers)) expect(s.failed).toBe(0);
    });

    it('a second run fetches no unchanged detail: list pages only (Yoti open sessions wait for their poll schedule)', async () => {
      sandbox.resetStats();
      const { result } = await syncOnce(handle, configFor(sandbox));
      expect(result.status).toBe('succeeded');
      const stats = sandbox.stats().providers;
      expect(stats.idnow.byOperation.getSession ?? 0).toBe(0);
      expect(stats.complycube.byOperation.getWorkflowSession ?? 0).toBe(0);
      expect(stats.complycube.byOperation.getCheck ?? 0).toBe(0);
      expect(stats.verifa.byOperation.getSession ?? 0).toBe(0);
      expect(stats.verifa.byOperation.getSessionWorkflowRun ?? 0).toBe(0);
      const openYoti = expectedFromTruth(sandbox.truth()).filter(
        (s) => s.provider === 'yoti' && !['completed', 'expired'].includes(s.status),
      ).length;
      // Yoti's open sessions were polled a moment ago: none is due yet (see requests-yoti.test.ts).
      expect(openYoti).toBeGreaterThan(0);
      expect(stats.yoti.byOperation.getSession ?? 0).toBe(0);
      // Not due yet, or (the sandbox's sessions are dated by its virtual clock, this run by the real one) past
      // Yoti's retention: either way, counted.
      const { notDue, pastRetention } = result.connections.yoti!;
      expect((notDue ?? 0) + (pastRetention ?? 0)).toBe(openYoti);
      expect(result.providers.idnow!.unchanged).toBe(result.providers.idnow!.listed);
    });

    it('after advance, exactly the changed sessions are fetched and updated', async () => {
      const before = await dumpData(handle);
      const change = await sandbox.advance({ minutes: 90, create: 3, progress: 0.5 });
      await enqueueYoti(handle, sandbox, [...change.changed.yoti, ...change.created.yoti]);
      sandbox.resetStats();
      const { result } = await syncOnce(handle, configFor(sandbox));
      expect(result.status).toBe('succeeded');
      const stats = sandbox.stats().providers;
      const touched = (p: 'idnow' | 'complycube' | 'verifa') =>
        new Set([...change.changed[p], ...change.created[p]]).size;
      expect(stats.idnow.byOperation.getSession ?? 0).toBe(touched('idnow'));
      // ComplyCube takes a listed session from its list item: no detail read (requests-complycube.test.ts).
      expect(stats.complycube.byOperation.getWorkflowSession ?? 0).toBe(0);
      expect(result.providers.complycube!.fetched).toBe(touched('complycube'));
      expect(stats.verifa.byOperation.getSession ?? 0).toBe(touched('verifa'));
      expect(sortBlocks(await normalizedRows(handle))).toEqual(
        sortBlocks(expectedFromTruth(sandbox.truth())),
      );
      const after = await dumpData(handle);
      expect(after.sessions.length).toBe(
        before.sessions.length + Object.values(change.created).flat().length,
      );
    });

    it('marks a session deleted by the provider (404) and keeps its row', async () => {
      const change = await sandbox.advance({ minutes: 10, deleteOlderThanDays: 80 });
      const deleted = [...change.deleted.idnow, ...change.deleted.complycube, ...change.deleted.verifa];
      const { result } = await syncOnce(handle, configFor(sandbox), { full: true });
      expect(result.status).toBe('succeeded');
      if (deleted.length > 0) {
        const rows = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM idv.sessions WHERE provider_deleted_at IS NOT NULL`.execute(
          handle.db,
        );
        expect(rows.rows[0]!.n).toBeGreaterThan(0);
      }
      // Every deleted session is still there.
      const ids = await sql<{ session_id: string }>`SELECT session_id FROM idv.sessions`.execute(handle.db);
      const have = new Set(ids.rows.map((r) => r.session_id));
      for (const id of deleted) expect(have.has(id)).toBe(true);
    });

    it('quarantines a schema-invalid record with its payload and reason; the rest lands; the run is partial', async () => {
      const victim = sandbox.truth().verifa.sessions[0]!.sessionId;
      sandbox.setFaults('verifa', { schemaInvalidSessionIds: [victim] });
      try {
        const { result } = await syncOnce(handle, configFor(sandbox), { full: true, provider: ['verifa'] });
        expect(result.status).toBe('partial');
        expect(result.providers.verifa).toMatchObject({ status: 'partial', failed: 1 });
        const errors = await sql<{ session_id: string; stage: string; reason: string; payload: unknown }>`
          SELECT session_id, stage, reason, payload FROM idv.sync_errors WHERE run_id = ${result.runId}`.execute(
          handle.db,
        );
        expect(errors.rows).toHaveLength(1);
        expect(errors.rows[0]).toMatchObject({ session_id: victim, stage: 'normalize' });
        expect(errors.rows[0]!.reason).toMatch(/expected/);
        expect(errors.rows[0]!.payload).toBeTruthy();
        expect(result.providers.verifa!.fetched).toBe(sandbox.truth().verifa.sessions.length);
      } finally {
        sandbox.setFaults('verifa', null);
      }
    });

    it('a refused API key fails that provider clearly while the others sync', async () => {
      const config = configFor(sandbox, (json) => {
        json.providers.verifa.apiKey = 'vk_sandbox_wrong';
      });
      const { result, stderr } = await syncOnce(handle, config);
      expect(result.status).toBe('partial');
      expect(result.providers.verifa).toMatchObject({ status: 'failed' });
      expect(result.providers.verifa!.error).toMatch(/verifa (listWorkflows|listSessions).*401/);
      for (const p of ['idnow', 'yoti', 'complycube']) expect(result.providers[p]!.status).toBe('succeeded');
      expect(stderr).not.toContain('vk_sandbox_wrong');
    });

    it('keeps secrets and personal data out of the logs and the database', async () => {
      const config = configFor(sandbox);
      const { stderr, stdout } = await syncOnce(handle, config, { full: true });
      const truth = sandbox.truth();
      const tokens = truth.yoti.sessions
        .map((s) => (s.session as { client_session_token?: string }).client_session_token)
        .filter((t): t is string => !!t);
      const names = truth.complycube.sessions
        .map((s) => (s.session as { entityName?: string }).entityName!)
        .filter(Boolean);
      const c = sandbox.credentials;
      const secrets = [c.idnow.clientSecret, c.complycube.apiKey, c.verifa.apiKey, ...tokens];
      const pemLine = c.yoti.privateKeyPem.split('\n')[1]!;
      const db =
        JSON.stringify(await dumpData(handle)) +
        JSON.stringify((await sql`SELECT * FROM idv.sync_errors`.execute(handle.db)).rows);
      for (const text of [stderr, stdout, db]) {
        for (const s of [...secrets, pemLine])
          expect(text.includes(s), `secret leaked: ${s.slice(0, 6)}…`).toBe(false);
      }
      for (const name of names) expect(db.includes(name), `personal data stored: ${name}`).toBe(false);
      expect(tokens.length).toBeGreaterThan(0);
      expect(names.length).toBeGreaterThan(0);
    });

    it('--dry-run fetches and normalizes but writes nothing', async () => {
      const before = await countBy(handle, 'sessions');
      const runs = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM idv.sync_runs`.execute(handle.db))
        .rows[0]!.n;
      await sandbox.advance({ minutes: 5, create: 2 });
      const { result } = await syncOnce(handle, configFor(sandbox), { dryRun: true });
      expect(result.runId).toBe('dry-run');
      expect(await countBy(handle, 'sessions')).toEqual(before);
      expect(
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM idv.sync_runs`.execute(handle.db)).rows[0]!
          .n,
      ).toBe(runs);
    });
  });
}
