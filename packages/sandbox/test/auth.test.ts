import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { get, idnowToken, yotiGet } from './helpers/requests.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 4, sessions: 10 });
});
afterAll(() => sandbox.stop());

describe('Yoti request signing', () => {
  const path = () => `/sessions/${sandbox.yotiSessionIds()[0]}`;

  it('accepts a fresh signed request and rejects a reused nonce', async () => {
    const nonce = randomUUID();
    const timestamp = Date.now();
    expect((await yotiGet(sandbox, path(), { nonce, timestamp })).status).toBe(200);
    const replay = await yotiGet(sandbox, path(), { nonce, timestamp });
    expect(replay.status).toBe(401);
    expect(replay.json).toEqual({ code: 'UNAUTHORIZED', message: 'Nonce has already been used' });
  });

  it('rejects timestamps more than five minutes old or ahead', async () => {
    for (const skew of [-6 * 60_000, 6 * 60_000]) {
      const res = await yotiGet(sandbox, path(), { timestamp: Date.now() + skew });
      expect(res.status).toBe(401);
      expect(res.json.message).toMatch(/timestamp/);
    }
    expect((await yotiGet(sandbox, path(), { timestamp: Date.now() - 4 * 60_000 })).status).toBe(200);
  });

  it('rejects an unknown SDK id and a signature over a different path', async () => {
    expect((await yotiGet(sandbox, path(), { sdkId: randomUUID() })).status).toBe(401);
    const other = `/sessions/${sandbox.yotiSessionIds()[1]}`;
    const { signedYotiUrl } = await import('./helpers/requests.js');
    const signed = signedYotiUrl(sandbox, other);
    const tampered = signed.url.replace(other, path());
    const res = await get(tampered, { headers: signed.headers });
    expect(res.status).toBe(401);
    expect(res.json.message).toBe('Invalid request signature');
  });
});

describe('IDnow tokens', () => {
  it('expire after idnowTokenTtlSeconds of real time → 401', async () => {
    const s = await startSandbox({ seed: 4, sessions: 4, idnowTokenTtlSeconds: 1 });
    try {
      const token = await idnowToken(s);
      const { flowId, environment } = s.idnowFlows[0]!;
      const url = `${s.baseUrls.idnow}/api/v1/flows/${flowId}/${environment}/sessions`;
      expect((await get(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      const expired = await get(url, { headers: { authorization: `Bearer ${token}` } });
      expect(expired.status).toBe(401);
      expect(expired.headers.get('www-authenticate')).toContain('invalid_token');
      expect(expired.text).not.toContain(token);
    } finally {
      await s.stop();
    }
  });

  it('are invalidated by POST /_admin/idnow/revoke-tokens', async () => {
    const token = await idnowToken(sandbox);
    const { flowId, environment } = sandbox.idnowFlows[0]!;
    const url = `${sandbox.baseUrls.idnow}/api/v1/flows/${flowId}/${environment}/sessions`;
    expect((await get(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const revoked = await get(`${sandbox.url}/_admin/idnow/revoke-tokens`, { method: 'POST' });
    expect(revoked.json.revoked).toBeGreaterThan(0);
    expect((await get(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect(
      (await get(url, { headers: { authorization: `Bearer ${await idnowToken(sandbox)}` } })).status,
    ).toBe(200);
  });

  it('accept client credentials as HTTP Basic but not both Basic and body', async () => {
    const { clientId, clientSecret } = sandbox.credentials.idnow;
    const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    const both = await get(sandbox.baseUrls.idnowToken, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
      body: `grant_type=client_credentials&client_id=${clientId}&client_secret=${clientSecret}`,
    });
    expect(both.status).toBe(400);
    const wrongBasic = await get(sandbox.baseUrls.idnowToken, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:wrong`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(wrongBasic.status).toBe(401);
    expect(wrongBasic.headers.get('www-authenticate')).toContain('Basic');
    const get405 = await get(sandbox.baseUrls.idnowToken);
    expect(get405.status).toBe(405);
    expect(get405.headers.get('allow')).toBe('POST');
  });
});

describe('API keys', () => {
  it('ComplyCube wants the raw key; Verifa wants X-API-Key — each with its own 401 body', async () => {
    const cc = await get(`${sandbox.baseUrls.complycube}/workflowSessions`, {
      headers: { Authorization: 'nope' },
    });
    expect(cc.status).toBe(401);
    expect(cc.json).toEqual({ type: 'unauthorized', message: 'The API key is invalid' });
    const vf = await get(`${sandbox.baseUrls.verifa}/api/v1/sessions`, {
      headers: { Authorization: `Bearer ${sandbox.credentials.verifa.apiKey}` },
    });
    expect(vf.status).toBe(401);
    expect(vf.json).toEqual({ error: 'unauthorized', detail: 'Missing X-API-Key header', status_code: 401 });
  });
});
