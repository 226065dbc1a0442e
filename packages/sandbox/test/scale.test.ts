import { describe, expect, it } from 'vitest';
import { startSandbox } from '../src/index.js';
import { ccHeaders, get, idnowToken, verifaHeaders, yotiGet } from './helpers/requests.js';

describe('benchmark-sized datasets', () => {
  it('generates 25,000 sessions per provider and serves them all', async () => {
    const n = 25_000;
    const sandbox = await startSandbox({ seed: 99, sessions: n });
    try {
      expect(sandbox.yotiSessionIds()).toHaveLength(n);
      const cc = await get(`${sandbox.baseUrls.complycube}/workflowSessions?pageSize=1000&page=25`, {
        headers: ccHeaders(sandbox),
      });
      expect(cc.json).toMatchObject({ totalItems: n, pages: 25, page: 25 });
      expect(cc.json.items).toHaveLength(1000);
      const vf = await get(`${sandbox.baseUrls.verifa}/api/v1/sessions?limit=100&offset=${n - 50}`, {
        headers: verifaHeaders(sandbox),
      });
      expect(vf.json.pagination.total).toBe(n);
      expect(vf.json.data).toHaveLength(50);
      const token = await idnowToken(sandbox);
      let total = 0;
      for (const { flowId, environment } of sandbox.idnowFlows) {
        const page = await get(
          `${sandbox.baseUrls.idnow}/api/v1/flows/${flowId}/${environment}/sessions?size=100`,
          {
            headers: { authorization: `Bearer ${token}` },
          },
        );
        total += page.json.page.totalElements;
      }
      expect(total).toBe(n);
      const last = sandbox.yotiSessionIds()[n - 1]!;
      expect((await yotiGet(sandbox, `/sessions/${last}`)).status).toBe(200);
      const moved = await sandbox.advance({ minutes: 60, create: 100, progress: 0.5 });
      expect(moved.changed.verifa.length).toBeGreaterThan(0);
      expect(sandbox.yotiSessionIds()).toHaveLength(n + 100);
    } finally {
      await sandbox.stop();
    }
  });
});
