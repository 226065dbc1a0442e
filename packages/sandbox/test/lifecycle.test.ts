import { describe, expect, it } from 'vitest';
import { describeSandbox, PROVIDERS, SANDBOX_CREDENTIALS, startSandbox } from '../src/index.js';
import { ccHeaders, get, idnowToken, verifaHeaders } from './helpers/requests.js';

describe('lifecycle and options', () => {
  it('serves every provider under its prefix on loopback, with the documented credentials', async () => {
    const sandbox = await startSandbox({ sessions: { idnow: 8, yoti: 0, complycube: 3, verifa: 5 } });
    try {
      expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sandbox.baseUrls).toEqual({
        idnow: `${sandbox.url}/idnow`,
        idnowToken: `${sandbox.url}/idnow-auth/oidc/token`,
        idnowJwks: `${sandbox.url}/idnow-auth/oidc/.well-known/jwks.json`,
        yoti: `${sandbox.url}/yoti/idverify/v1`,
        complycube: `${sandbox.url}/complycube/v1`,
        verifa: `${sandbox.url}/verifa`,
      });
      expect(sandbox.credentials).toBe(SANDBOX_CREDENTIALS);
      expect(sandbox.credentials.idnow).toMatchObject({
        clientId: 'sandbox-client',
        clientSecret: 'sandbox-secret',
        live: { clientId: 'sandbox-live-client', clientSecret: 'sandbox-live-secret' },
        staging: { clientId: 'sandbox-staging-client', clientSecret: 'sandbox-staging-secret' },
      });
      expect(sandbox.credentials.yoti.sdkId).toBe('2f0b5a3e-9a47-4e8b-8a7d-1c2e3f4a5b6c');
      expect(sandbox.credentials.yoti.privateKeyPem).toContain('BEGIN PRIVATE KEY');
      expect(sandbox.now().toISOString()).toBe('2026-11-01T00:00:00.000Z');
      expect(sandbox.idnowFlows).toHaveLength(4);
      const info = (await get(`${sandbox.url}/_admin/info`)).json;
      expect(info.sessions).toEqual({ idnow: 8, yoti: 0, complycube: 3, verifa: 5 });
      expect(sandbox.yotiSessionIds()).toEqual([]);
      const cc = await get(`${sandbox.baseUrls.complycube}/workflowSessions`, {
        headers: ccHeaders(sandbox),
      });
      expect(cc.json.totalItems).toBe(3);
      const nowhere = await get(`${sandbox.url}/onfido/v3/applicants`);
      expect(nowhere.status).toBe(404);
      expect((await get(`${sandbox.url}/_admin/nothing`)).status).toBe(404);
      const description = describeSandbox(sandbox);
      expect(description).toContain(sandbox.baseUrls.yoti);
      expect(description).toContain('sandbox-client');
      expect(description).not.toContain('PRIVATE KEY');
    } finally {
      await sandbox.stop();
    }
  });

  it('honours the now option and rejects bad session counts', async () => {
    const now = new Date('2025-03-01T12:00:00Z');
    const sandbox = await startSandbox({ now, sessions: 20 });
    try {
      expect(sandbox.now().toISOString()).toBe(now.toISOString());
      for (const { session } of sandbox.truth().complycube.sessions) {
        const created = Date.parse(String(session.createdAt));
        expect(created).toBeLessThanOrEqual(now.getTime());
        expect(created).toBeGreaterThanOrEqual(now.getTime() - 90 * 86_400_000);
      }
    } finally {
      await sandbox.stop();
    }
    await expect(startSandbox({ sessions: -1 })).rejects.toThrow(RangeError);
  });

  it('stop() ends hanging requests and closes the server', async () => {
    const sandbox = await startSandbox({ sessions: 2, faults: { verifa: { hangRate: 1 } } });
    const hanging = fetch(`${sandbox.baseUrls.verifa}/api/v1/sessions`, { headers: verifaHeaders(sandbox) });
    await new Promise((r) => setTimeout(r, 50));
    await sandbox.stop();
    await expect(hanging).rejects.toThrow();
    await expect(fetch(`${sandbox.url}/_admin/info`)).rejects.toThrow();
  });

  it('counts requests per provider and operation; admin calls are not counted', async () => {
    const sandbox = await startSandbox({ sessions: 5 });
    try {
      const token = await idnowToken(sandbox);
      const { flowId, environment } = sandbox.idnowFlows[0]!;
      await get(`${sandbox.baseUrls.idnow}/api/v1/flows/${flowId}/${environment}/sessions`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await get(`${sandbox.baseUrls.idnow}/api/v1/flows/${flowId}/${environment}/sessions`);
      await get(`${sandbox.url}/_admin/stats`);
      const stats = sandbox.stats();
      expect(stats.total).toBe(3);
      expect(stats.providers.idnow.byOperation).toEqual({ createToken: 1, listSessions: 2 });
      expect(stats.providers.idnow.status).toEqual({ '2xx': 2, '4xx': 1, '5xx': 0, '429': 0 });
      for (const p of PROVIDERS.filter((p) => p !== 'idnow')) expect(stats.providers[p].requests).toBe(0);
      expect((await get(`${sandbox.url}/_admin/stats/reset`, { method: 'POST' })).status).toBe(204);
      expect(sandbox.stats().total).toBe(0);
    } finally {
      await sandbox.stop();
    }
  });
});
