import { enqueueDiscovered } from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import type { Sandbox } from '@idvkit/sandbox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFor, syncOnce, testSandbox } from './support/harness.js';

type Handle = Awaited<ReturnType<ReturnType<typeof testDatabases>[number]['open']>>;
type Provider = 'idnow' | 'yoti' | 'complycube' | 'verifa';

/**
 * The sandbox's `schemaInvalidSessionIds` fault drops the status field of a session's payload (Yoti: `state`;
 * the others also turn the creation time into "yesterday"). Whatever the provider, the record is quarantined
 * at stage `normalize` with a reason naming the status field, never stored as `unknown`, and the run is partial.
 */
const CASES: Array<[Provider, { field: RegExp }]> = [
  ['yoti', { field: /^state: expected/ }],
  ['idnow', { field: /^sessionStatus: expected/ }],
  ['complycube', { field: /^status: expected/ }],
  ['verifa', { field: /^status: expected/ }],
];

for (const target of testDatabases()) {
  describe(`a schema-invalid record is quarantined, not stored (${target.name})`, () => {
    let sandbox: Sandbox;
    let handle: Handle;
    beforeAll(async () => {
      sandbox = await testSandbox();
      handle = await target.open();
      await enqueueDiscovered(
        handle.db,
        'yoti',
        sandbox.yotiSessionIds().map((sessionId) => ({ sessionId, source: 'test' })),
        new Date(),
      );
    });
    afterAll(async () => {
      await sandbox?.stop();
      await handle?.close();
    });

    it.each(CASES)('%s: stage normalize, not in idv.sessions, run partial', async (provider, { field }) => {
      const all = sandbox.truth()[provider].sessions.map((s) => s.sessionId);
      const victim = all[0]!;
      sandbox.setFaults(provider, { schemaInvalidSessionIds: [victim] });
      try {
        const { result } = await syncOnce(handle, configFor(sandbox), { provider: [provider] });
        expect(result.status).toBe('partial');
        expect(result.providers[provider]).toMatchObject({ status: 'partial', failed: 1 });
        const errors = await sql<{ session_id: string; stage: string; reason: string; payload: unknown }>`
          SELECT session_id, stage, reason, payload FROM idv.sync_errors WHERE run_id = ${result.runId}`.execute(
          handle.db,
        );
        expect(errors.rows).toHaveLength(1);
        expect(errors.rows[0]).toMatchObject({ session_id: victim, stage: 'normalize' });
        expect(errors.rows[0]!.reason).toMatch(field);
        expect(errors.rows[0]!.payload).toBeTruthy();
        const stored = await sql<{ session_id: string }>`
          SELECT session_id FROM idv.sessions WHERE provider = ${provider}`.execute(handle.db);
        const ids = stored.rows.map((r) => r.session_id);
        expect(ids).not.toContain(victim);
        expect(ids.sort()).toEqual(all.filter((id) => id !== victim).sort());
      } finally {
        sandbox.setFaults(provider, null);
      }
    });
  });
}
