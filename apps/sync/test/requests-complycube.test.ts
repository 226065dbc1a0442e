import { testDatabases } from '@idvkit/db/testing';
import type { GroundTruth, Sandbox } from '@idvkit/sandbox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimize } from '../src/engine/minimize.js';
import { COMPLYCUBE_SENSITIVE_KEYS } from '../src/providers/complycube/sensitive.js';
import { expectedFromTruth } from './support/expected.js';
import { configFor, syncOnce, testSandbox } from './support/harness.js';

type Handle = Awaited<ReturnType<ReturnType<typeof testDatabases>[number]['open']>>;
type O = Record<string, any>;

/** More than one list page (1000 a page), so the page size is what the counts prove. */
const SESSIONS = 1050;
const FINAL = new Set(['complete', 'failed']);

/** Check ids per session, in the session's order. */
const relatedOf = (t: GroundTruth['complycube']['sessions'][number]): string[] =>
  ((t.session as O).allRelatedChecks as O[]).map((r) => r.checkId as string);

/** The final checks the database holds after a sync of `truth` (status complete or failed). */
function finalChecks(truth: GroundTruth): Set<string> {
  const out = new Set<string>();
  for (const t of truth.complycube.sessions)
    for (const c of Object.values(t.checks)) if (FINAL.has(String((c as O).status))) out.add(String(c.id));
  return out;
}

/**
 * The requests a sync must make, computed from the sandbox truth: one list page per 1000 sessions, no session
 * detail, and per fetched session one `GET /checks/{id}` when one check must be read, one `GET
 * /checks?clientId=` when several must.
 */
function expectedRequests(truth: GroundTruth, fetched: ReadonlySet<string>, stored: ReadonlySet<string>) {
  let getCheck = 0;
  let listChecks = 0;
  for (const t of truth.complycube.sessions) {
    if (!fetched.has(t.sessionId)) continue;
    const toRead = relatedOf(t).filter((id) => !stored.has(id)).length;
    if (toRead === 1) getCheck++;
    else if (toRead > 1) listChecks++;
  }
  const byOperation: Record<string, number> = {
    listWorkflowSessions: Math.max(1, Math.ceil(fetched.size / 1000)),
  };
  if (getCheck > 0) byOperation.getCheck = getCheck;
  if (listChecks > 0) byOperation.listChecks = listChecks;
  return byOperation;
}

async function storedRows(handle: Handle) {
  const sessions = await sql<O>`
    SELECT session_id, status, outcome, provider_outcome, flow_id, flow_version, subject_ref, updated_at, raw
    FROM idv.sessions WHERE provider = 'complycube' ORDER BY session_id`.execute(handle.db);
  const checks = await sql<O>`
    SELECT session_id, check_id, check_type, status, result, provider_result, raw
    FROM idv.session_checks WHERE provider = 'complycube' ORDER BY session_id, check_id`.execute(handle.db);
  return { sessions: sessions.rows, checks: checks.rows };
}

/** Every stored session and check equals the sandbox's own rendering (minimized as raw mode `minimal`). */
async function expectStoredEqualsTruth(handle: Handle, truth: GroundTruth) {
  const { sessions, checks } = await storedRows(handle);
  const want = truth.complycube.sessions
    .map((t) => ({ t, s: t.session as O }))
    .sort((a, b) => (a.t.sessionId < b.t.sessionId ? -1 : 1));
  expect(sessions.map((r) => r.session_id)).toEqual(want.map((w) => w.t.sessionId));
  want.forEach(({ s }, i) => {
    const row = sessions[i]!;
    expect(row).toMatchObject({
      flow_id: s.workflowTemplateId,
      flow_version: String(s.workflowVersion),
      subject_ref: s.clientId,
      provider_outcome: s.outcome ?? null,
    });
    expect(new Date(row.updated_at).toISOString()).toBe(s.updatedAt);
    expect(row.raw).toEqual(minimize(s, 'minimal', COMPLYCUBE_SENSITIVE_KEYS));
  });
  const truthChecks = new Map(
    truth.complycube.sessions.flatMap((t) => Object.values(t.checks).map((c) => [String(c.id), c as O])),
  );
  expect(checks.length).toBe(truthChecks.size);
  for (const row of checks) {
    const c = truthChecks.get(row.check_id)!;
    expect(row).toMatchObject({ check_type: c.type, provider_result: c.result?.outcome ?? null });
    expect(row.raw).toEqual(minimize(c, 'minimal', COMPLYCUBE_SENSITIVE_KEYS));
  }
  const normalized = await sql<{ session_id: string; status: string; outcome: string }>`
    SELECT session_id, status, outcome FROM idv.sessions WHERE provider = 'complycube' ORDER BY session_id`.execute(
    handle.db,
  );
  const expected = expectedFromTruth(truth).filter((e) => e.provider === 'complycube');
  expect(normalized.rows.map((r) => [r.session_id, r.status, r.outcome])).toEqual(
    expected.map((e) => [e.sessionId, e.status, e.outcome]),
  );
}

const complycubeOnly = { provider: ['complycube'] };

for (const target of testDatabases()) {
  describe(`ComplyCube syncs with the fewest requests (${target.name})`, () => {
    let sandbox: Sandbox;
    let handle: Handle;
    beforeAll(async () => {
      sandbox = await testSandbox({ sessions: { idnow: 0, yoti: 0, verifa: 0, complycube: SESSIONS } });
      handle = await target.open();
    });
    afterAll(async () => {
      await sandbox?.stop();
      await handle?.close();
    });

    const ops = () => sandbox.stats().providers.complycube.byOperation;

    it('a first sync: two list pages of 1000, no session detail, one check request per session with checks', async () => {
      const truth = sandbox.truth();
      const all = new Set(truth.complycube.sessions.map((t) => t.sessionId));
      const want = expectedRequests(truth, all, new Set());
      sandbox.resetStats();
      const { result } = await syncOnce(handle, configFor(sandbox), complycubeOnly);
      expect(result.status).toBe('succeeded');
      expect(ops()).toEqual(want);
      // The dataset has sessions with one check and with several, so both check paths are counted.
      expect(want).toMatchObject({ listWorkflowSessions: 2 });
      expect(want.getCheck).toBeGreaterThan(0);
      expect(want.listChecks).toBeGreaterThan(0);
      await expectStoredEqualsTruth(handle, truth);
    });

    it('a sync with nothing changed reads one list page and nothing else', async () => {
      sandbox.resetStats();
      const { result } = await syncOnce(handle, configFor(sandbox), complycubeOnly);
      expect(result.status).toBe('succeeded');
      expect(ops()).toEqual({ listWorkflowSessions: 1 });
    });

    it('an incremental sync reads only the changed sessions, and only their checks not yet final', async () => {
      const before = sandbox.truth();
      const updatedBefore = new Map(
        before.complycube.sessions.map((t) => [t.sessionId, (t.session as O).updatedAt]),
      );
      const change = await sandbox.advance({ minutes: 90, create: 4, progress: 0.6 });
      const truth = sandbox.truth();
      const touched = new Set(
        truth.complycube.sessions
          .filter((t) => updatedBefore.get(t.sessionId) !== (t.session as O).updatedAt)
          .map((t) => t.sessionId),
      );
      expect(touched).toEqual(new Set([...change.changed.complycube, ...change.created.complycube]));
      const want = expectedRequests(truth, touched, finalChecks(before));
      // The advance moved sessions whose checks must be read.
      expect((want.getCheck ?? 0) + (want.listChecks ?? 0)).toBeGreaterThan(0);
      sandbox.resetStats();
      const { result } = await syncOnce(handle, configFor(sandbox), complycubeOnly);
      expect(result.status).toBe('succeeded');
      expect(result.providers.complycube).toMatchObject({ fetched: touched.size });
      expect(ops()).toEqual(want);
      await expectStoredEqualsTruth(handle, truth);
    });

    it('a --full sync over stored data re-reads no final check and no session detail', async () => {
      const truth = sandbox.truth();
      const all = new Set(truth.complycube.sessions.map((t) => t.sessionId));
      const want = expectedRequests(truth, all, finalChecks(truth));
      sandbox.resetStats();
      const { result } = await syncOnce(handle, configFor(sandbox), { ...complycubeOnly, full: true });
      expect(result.status).toBe('succeeded');
      expect(ops()).toEqual(want);
      await expectStoredEqualsTruth(handle, truth);
    });

    it('a session known only by id (re-poll, webhook) reads its detail', async () => {
      // A deleted session is not on the list: the --full deletion check asks for it by id.
      const change = await sandbox.advance({ minutes: 5, deleteOlderThanDays: 85 });
      const deleted = change.deleted.complycube.length;
      expect(deleted).toBeGreaterThan(0);
      sandbox.resetStats();
      const { result } = await syncOnce(handle, configFor(sandbox), { ...complycubeOnly, full: true });
      expect(result.status).toBe('succeeded');
      expect(ops().getWorkflowSession).toBe(deleted);
      expect(sandbox.stats().providers.complycube.status['4xx']).toBe(deleted);
      // Counted from the rows: the run's `deleted` stat can undercount (engine/not-found.ts adds after an await).
      const marked = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM idv.sessions WHERE provider = 'complycube'
        AND provider_deleted_at IS NOT NULL
        AND session_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(change.deleted.complycube)}::jsonb))`.execute(
        handle.db,
      );
      expect(marked.rows[0]!.n).toBe(deleted);
    });
  });
}
