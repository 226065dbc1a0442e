import { enqueueDiscovered } from '@idvkit/db';
import { testDatabases } from '@idvkit/db/testing';
import { describe, expect, it } from 'vitest';
import { configFor, dumpData, syncOnce, testSandbox } from './support/harness.js';

for (const target of testDatabases()) {
  describe(`two syncs at once on one database (${target.name})`, () => {
    it('corrupt nothing: the database equals that of a single run; on Postgres each provider runs once', async () => {
      // Latency keeps the first run busy while the second starts.
      const latency = { latencyMs: 5 };
      const sandbox = await testSandbox({
        faults: { idnow: latency, yoti: latency, complycube: latency, verifa: latency },
      });
      const shared = await target.open();
      const reference = await target.open();
      try {
        const ids = sandbox.yotiSessionIds().map((sessionId) => ({ sessionId, source: 'test' }));
        for (const h of [shared, reference]) await enqueueDiscovered(h.db, 'yoti', ids, new Date());
        const config = configFor(sandbox);

        const [a, b] = await Promise.all([syncOnce(shared, config), syncOnce(shared, config)]);
        await syncOnce(reference, config);

        expect(await dumpData(shared)).toEqual(await dumpData(reference));
        for (const name of ['idnow-live', 'idnow-staging', 'yoti', 'complycube', 'verifa']) {
          const statuses = [a.result.connections[name]!.status, b.result.connections[name]!.status].sort();
          if (target.name === 'postgres') {
            // The advisory lock: one run syncs the connection, the other skips it and says so.
            expect(statuses).toEqual(['skipped', 'succeeded']);
          } else {
            // PGlite: one process, one serialized connection; both runs load idempotently.
            expect(statuses).toEqual(['succeeded', 'succeeded']);
          }
        }
        if (target.name === 'postgres') {
          // Each connection is locked on its own, so either run may be the one that skipped idnow-live.
          const skipped = [a, b].find((r) => r.result.connections['idnow-live']!.status === 'skipped')!;
          expect(skipped.result.status).toBe('partial');
          expect(skipped.result.connections['idnow-live']!.error).toMatch(
            /another idvkit sync is running for connection idnow-live/,
          );
        }
      } finally {
        await sandbox.stop();
        await shared.close();
        await reference.close();
      }
    });
  });
}
