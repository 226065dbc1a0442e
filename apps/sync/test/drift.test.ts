import { enqueueDiscovered } from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { syncCommand } from '../src/commands/sync.js';
import { captureIO, configFor, testSandbox } from './support/harness.js';

const LIST = [
  /\/idnow\/api\/v1\/flows\/[^/]+\/[^/]+\/sessions\?/,
  /\/complycube\/v1\/workflowSessions\?/,
  /\/verifa\/api\/v1\/sessions\?/,
];

describe('list pages that shift while paging', () => {
  it('miss nothing: sessions created and deleted mid-listing leave every surviving session synced', async () => {
    const target = testDatabases()[0]!;
    const sandbox = await testSandbox({ sessions: 450 });
    const handle = await target.open();
    try {
      await enqueueDiscovered(
        handle.db,
        'yoti',
        sandbox.yotiSessionIds().map((sessionId) => ({ sessionId, source: 'test' })),
        new Date(),
      );
      const before = sandbox.truth();
      let listRequests = 0;
      let advanced = 0;
      // Between list pages, the provider gains new sessions and deletes its oldest (retention).
      const driftingFetch: typeof fetch = async (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        if (LIST.some((re) => re.test(url)) && ++listRequests % 2 === 0) {
          await sandbox.advance({ minutes: 1, create: 7, deleteOlderThanDays: 88 - advanced++ });
        }
        return fetch(input, init);
      };
      const cap = captureIO();
      const result = await syncCommand(configFor(sandbox), { json: true }, {}, cap.io, {
        handle,
        fetch: driftingFetch,
      });
      expect(advanced).toBeGreaterThan(2);
      const after = sandbox.truth();
      // A session listed and then deleted (retention) before its detail was fetched answers 404 without ever
      // having been stored: it is recorded at stage fetch and makes the run partial. Nothing else may fail.
      const errors = await sql<{
        provider: 'idnow' | 'yoti' | 'complycube' | 'verifa';
        session_id: string;
        stage: string;
        reason: string;
      }>`
        SELECT provider, session_id, stage, reason FROM idv.sync_errors WHERE run_id = ${result.runId}`.execute(
        handle.db,
      );
      for (const e of errors.rows) {
        expect(e).toMatchObject({
          stage: 'fetch',
          // The session's own 404, or (ComplyCube) the 404 of a check it named, deleted with it.
          reason: expect.stringMatching(
            /^not found at the provider \(404\)|^check \S+ named by the workflow session was not found/,
          ),
        });
        expect(after[e.provider].deleted).toContain(e.session_id);
      }
      expect(result.status).toBe(errors.rows.length === 0 ? 'succeeded' : 'partial');
      const stored = new Set(
        (
          await sql<{ k: string }>`SELECT provider || '/' || session_id AS k FROM idv.sessions`.execute(
            handle.db,
          )
        ).rows.map((r) => r.k),
      );
      for (const p of ['idnow', 'complycube', 'verifa'] as const) {
        const survived = new Set(after[p].sessions.map((s) => s.sessionId));
        const missed = before[p].sessions
          .map((s) => s.sessionId)
          .filter((id) => survived.has(id) && !stored.has(`${p}/${id}`));
        expect(missed, `${p} sessions missed while paging`).toEqual([]);
      }
      expect(after.idnow.deleted.length + after.verifa.deleted.length).toBeGreaterThan(0);
    } finally {
      await sandbox.stop();
      await handle.close();
    }
  });
});
