import { testDatabases } from '@idvkit/db/testing';
import { RateLimiter } from '@idvkit/http';
import type { Sandbox } from '@idvkit/sandbox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncCommand } from '../src/commands/sync.js';
import { createVerifaSource } from '../src/providers/verifa/source.js';
import { captureIO, configFor, syncOnce, testSandbox } from './support/harness.js';

type Handle = Awaited<ReturnType<ReturnType<typeof testDatabases>[number]['open']>>;
type O = Record<string, any>;
interface TruthSession {
  sessionId: string;
  session: O;
  result: O | null;
}

const TERMINAL = ['completed', 'expired', 'failed'];
const DECISION: O = { approved: 'approved', rejected: 'rejected', needs_review: 'review' };
const at = (v: unknown) => (typeof v === 'string' ? Date.parse(v) : Number.NaN);

/**
 * The requests a sync of `fetched` sessions must make, from the sandbox's ground truth: one session read each;
 * the results listed once (one page: fewer than 100 here) when any of them has a result; a result read only
 * when the listed one is older than the session (a manual review since); the workflow run only for a
 * terminal session that ran a workflow. The workflow list is read once per run once the engine calls
 * `discover` (that engine change adds `idv.flows`).
 */
function expectedRequests(fetched: TruthSession[], listPages: number, discovers: number) {
  const withResult = fetched.filter((t) => t.result !== null);
  const want: Record<string, number> = {
    listSessions: listPages,
    getSession: fetched.length,
    listResults: withResult.length > 0 ? 1 : 0,
    getSessionResult: withResult.filter((t) => !(at(t.result!.created_at) >= at(t.session.updated_at)))
      .length,
    getSessionWorkflowRun: fetched.filter((t) => TERMINAL.includes(t.session.status) && t.session.workflow_id)
      .length,
    listWorkflows: discovers,
  };
  return Object.fromEntries(Object.entries(want).filter(([, n]) => n > 0));
}

async function storedOutcomes(handle: Handle): Promise<Map<string, string>> {
  const rows = await sql<{ session_id: string; outcome: string }>`
    SELECT session_id, outcome FROM idv.sessions WHERE provider = 'verifa'`.execute(handle.db);
  return new Map(rows.rows.map((r) => [r.session_id, r.outcome]));
}

for (const target of testDatabases()) {
  describe(`Verifa requests per synced session (${target.name})`, () => {
    let sandbox: Sandbox;
    let handle: Handle;
    let discovers = 0;
    const truth = () => sandbox.truth().verifa.sessions as unknown as TruthSession[];
    const sync = () => syncOnce(handle, configFor(sandbox), { provider: ['verifa'] });
    beforeAll(async () => {
      sandbox = await testSandbox();
      handle = await target.open();
      const flows = await sql<{ t: string | null }>`SELECT to_regclass('idv.flows')::text AS t`.execute(
        handle.db,
      );
      discovers = flows.rows[0]?.t ? 1 : 0;
    });
    afterAll(async () => {
      await sandbox?.stop();
      await handle?.close();
    });

    it('a full sync: one session read each, the results in one listing, runs only where they add something', async () => {
      sandbox.resetStats();
      const { result } = await sync();
      expect(result.status).toBe('succeeded');
      const sessions = truth();
      expect(sessions.length).toBeLessThan(100); // one page of sessions, one of results
      const stats = sandbox.stats().providers.verifa;
      expect(stats.byOperation).toEqual(expectedRequests(sessions, 1, discovers));
      // Nothing read per session that the listing had: every generated result is as new as its session.
      expect(stats.byOperation.getSessionResult ?? 0).toBe(0);
      expect(stats.status['4xx']).toBe(0); // no 404 for a run or a result that does not exist
    });

    it('stores the result decision: under_review as review, completed as its result says', async () => {
      const stored = await storedOutcomes(handle);
      const sessions = truth();
      for (const t of sessions) {
        expect(stored.get(t.sessionId), t.sessionId).toBe(t.result ? DECISION[t.result.status] : 'none');
      }
      const underReview = sessions.filter((t) => t.session.status === 'under_review');
      expect(underReview.length).toBeGreaterThan(0);
      for (const t of underReview) expect(stored.get(t.sessionId)).toBe('review');
    });

    it('an incremental sync reads only the changed sessions; a reviewed session is read again to its decision', async () => {
      const reviewing = truth()
        .filter((t) => t.session.status === 'under_review')
        .map((t) => t.sessionId);
      // Every open session moves one step: each under_review session is decided by its manual review.
      const change = await sandbox.advance({ minutes: 90, create: 3, progress: 1 });
      const touched = new Set([...change.changed.verifa, ...change.created.verifa]);
      sandbox.resetStats();
      const { result } = await sync();
      expect(result.status).toBe('succeeded');
      const sessions = truth();
      const fetched = sessions.filter((t) => touched.has(t.sessionId));
      const stats = sandbox.stats().providers.verifa;
      expect(stats.byOperation).toEqual(expectedRequests(fetched, 1, discovers));
      // The reviewed sessions' listed results predate the review: each is read again, and only those.
      expect(stats.byOperation.getSessionResult).toBe(reviewing.length);
      const stored = await storedOutcomes(handle);
      for (const id of reviewing) {
        const now = sessions.find((t) => t.sessionId === id)!;
        expect(now.session.status).toBe('completed');
        expect(['approved', 'rejected']).toContain(now.result!.status);
        expect(stored.get(id)).toBe(DECISION[now.result!.status]);
      }
      for (const t of sessions)
        expect(stored.get(t.sessionId)).toBe(t.result ? DECISION[t.result.status] : 'none');
    });

    it('a second incremental sync with nothing changed reads the session list only', async () => {
      sandbox.resetStats();
      const { result } = await sync();
      expect(result.status).toBe('succeeded');
      expect(sandbox.stats().providers.verifa.byOperation).toEqual(expectedRequests([], 1, discovers));
    });

    it('stores the rejection reason the result gives', async () => {
      const rejected = truth().filter(
        (t) => t.result?.status === 'rejected' && t.result.rejection_reason_code,
      );
      expect(rejected.length).toBeGreaterThan(0);
      const rows = await sql<Record<string, unknown>>`
        SELECT session_id, raw FROM idv.sessions WHERE provider = 'verifa'`.execute(handle.db);
      const raw = new Map(rows.rows.map((r) => [r.session_id, r.raw as O]));
      for (const t of rejected) {
        expect(raw.get(t.sessionId)?.result?.rejection_reason_code).toBe(t.result!.rejection_reason_code);
      }
    });
  });
}

for (const target of testDatabases()) {
  describe(`Verifa results listing unavailable (${target.name})`, () => {
    it('falls back to one result read per session; every decision is still stored', async () => {
      const sandbox = await testSandbox();
      const handle = await target.open();
      let refused = 0;
      // The listing answers 503 every time; everything else reaches the sandbox.
      const flaky: typeof fetch = async (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        if (url.pathname.endsWith('/api/v1/results')) {
          refused++;
          return new Response('{"error":"service_unavailable"}', { status: 503 });
        }
        return fetch(input, init);
      };
      try {
        const cap = captureIO();
        const result = await syncCommand(
          configFor(sandbox),
          { json: true, provider: ['verifa'] },
          {},
          cap.io,
          { handle, fetch: flaky, http: { maxRetries: 1, initialRetryDelayMs: 5, maxRetryDelayMs: 10 } },
        );
        expect(result.status).toBe('succeeded');
        expect(refused).toBe(2); // one attempt and one retry, then per-session reads
        const sessions = truth(sandbox);
        const stats = sandbox.stats().providers.verifa.byOperation;
        expect(stats.getSessionResult).toBe(sessions.filter((t) => t.result).length);
        const stored = await storedOutcomes(handle);
        for (const t of sessions) {
          expect(stored.get(t.sessionId)).toBe(t.result ? DECISION[t.result.status] : 'none');
        }
      } finally {
        await sandbox.stop();
        await handle.close();
      }
    });
  });
}

describe('Verifa discover', () => {
  it('lists the workflows (inactive ones too) in one request as the flow catalogue', async () => {
    const sandbox = await testSandbox();
    try {
      const source = createVerifaSource(
        {
          baseUrl: sandbox.baseUrls.verifa,
          apiKey: String(sandbox.credentials.verifa.apiKey),
          version: '2026-01-01',
        },
        { onRequest: () => undefined, rateLimiter: new RateLimiter({ requestsPerSecond: 1000 }) },
      );
      const flows = await source.discover!(new AbortController().signal);
      const ids = new Set(
        truth(sandbox)
          .map((t) => t.session.workflow_id)
          .filter(Boolean),
      );
      expect(flows.map((f) => [f.name, f.version, f.environment])).toEqual([
        ['Standard KYC', '3', 'sandbox'],
        ['Database check', '1', 'sandbox'],
        ['Legacy KYC', '7', 'sandbox'],
      ]);
      for (const id of ids) expect(flows.some((f) => f.flowId === id)).toBe(true);
      expect(sandbox.stats().providers.verifa.byOperation).toEqual({ listWorkflows: 1 });
    } finally {
      await sandbox.stop();
    }
  });
});

function truth(sandbox: Sandbox): TruthSession[] {
  return sandbox.truth().verifa.sessions as unknown as TruthSession[];
}
