import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { type Fetched, get, idnowToken } from './helpers/requests.js';
import { SpecValidator } from './helpers/spec.js';

// The IDnow operations added for issue 10, validated against specs/idnow.yaml (the older ones are in
// conformance.test.ts).
const spec = new SpecValidator();
let sandbox: Sandbox;
let auth: Record<string, string>;

function expectConforms(operationId: string, res: Fetched): void {
  expect(spec.declares('idnow', operationId, res.status), `${operationId} ${res.status} declared`).toBe(true);
  const errors = spec.validateResponse('idnow', operationId, res.status, res.json);
  expect(errors, `idnow.${operationId} ${res.status}: ${res.text.slice(0, 300)}`).toEqual([]);
}

const tokenOf = async (creds: { clientId: string; clientSecret: string }) =>
  (
    await get(sandbox.baseUrls.idnowToken, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: creds.clientId,
        client_secret: creds.clientSecret,
      }),
    })
  ).json.access_token as string;

const post = (path: string, body: unknown, headers: Record<string, string> = auth) =>
  get(`${sandbox.baseUrls.idnow}${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 23, sessions: { idnow: 80, yoti: 0, complycube: 0, verifa: 0 } });
  auth = { authorization: `Bearer ${await idnowToken(sandbox)}` };
});
afterAll(() => sandbox.stop());

describe('IDnow conformance (issue 10 operations)', () => {
  it('listFlows: unpaged and paged shapes, and 400/401/403/404', async () => {
    const flows = (q: string, headers = auth) =>
      get(`${sandbox.baseUrls.idnow}/api/v1/flows/${q}`, { headers });
    const unpaged = await flows('live');
    expect(unpaged.json.page).toBeUndefined();
    expect(unpaged.json.content.map((f: { version: unknown }) => typeof f.version)).toEqual([
      'string',
      'string',
    ]);
    expectConforms('listFlows', unpaged);
    for (const q of [
      'staging?page=1&size=1',
      'staging?page=2&size=1',
      'live?page=3&size=1',
      'live?size=100',
    ]) {
      const paged = await flows(q);
      expect(paged.status, q).toBe(200);
      expect(paged.json.page, q).toBeDefined();
      expectConforms('listFlows', paged);
    }
    const cases: Array<[string, Record<string, string>, number]> = [
      ['live?size=101', auth, 400],
      ['live?page=0', auth, 400],
      ['nowhere', auth, 404],
      ['live', { authorization: 'Bearer nope' }, 401],
      ['staging', { authorization: `Bearer ${await tokenOf(sandbox.credentials.idnow.live)}` }, 403],
    ];
    for (const [q, headers, status] of cases) {
      const res = await flows(q, headers);
      expect(res.status, q).toBe(status);
      expectConforms('listFlows', res);
    }
  });

  it('createSession: 201 with the created session readable, and 400/403/404', async () => {
    const { flowId } = sandbox.idnowFlows[0]!;
    const created = await post(`/api/v1/flows/${flowId}/live/sessions`, {
      input: { basicIdentity: { firstName: 'Erika' } },
      metadata: { subjectId: 'customer-1' },
    });
    expect(created.status).toBe(201);
    expectConforms('createSession', created);
    const id = created.json.sessionContext.sessionId;
    await sandbox.advance({ minutes: 30, progress: 1 });
    for (const path of [`/api/v1/live/sessions/${id}`, `/api/v1/live/sessions/${id}/datablocks`]) {
      const res = await get(`${sandbox.baseUrls.idnow}${path}`, { headers: auth });
      expect(res.status, path).toBe(200);
      expectConforms(path.endsWith('datablocks') ? 'listDatablocks' : 'getSession', res);
    }
    const cases: Array<[string, string, unknown, Record<string, string>, number]> = [
      ['not json', `/api/v1/flows/${flowId}/live/sessions`, '{', auth, 400],
      ['array', `/api/v1/flows/${flowId}/live/sessions`, [], auth, 400],
      ['state too long', `/api/v1/flows/${flowId}/live/sessions`, { state: 'x'.repeat(2049) }, auth, 400],
      ['relative redirect', `/api/v1/flows/${flowId}/live/sessions`, { redirectUrl: '/back' }, auth, 400],
      ['unknown flow', '/api/v1/flows/nope/live/sessions', {}, auth, 404],
      ['unknown environment', `/api/v1/flows/${flowId}/mars/sessions`, {}, auth, 404],
      [
        'other environment',
        `/api/v1/flows/${flowId}/live/sessions`,
        {},
        { authorization: `Bearer ${await tokenOf(sandbox.credentials.idnow.staging)}` },
        403,
      ],
    ];
    for (const [name, path, body, headers, status] of cases) {
      const res = await post(path, body, headers);
      expect(res.status, name).toBe(status);
      expectConforms('createSession', res);
    }
  });

  it('getFile: 302 to a pre-signed URL with no body; 404 and 403', async () => {
    let vault: { environment: string; id: string } | undefined;
    for (const s of sandbox.truth().idnow.sessions) {
      for (const b of (s.datablocks.dataBlocks as Array<{
        content: { frontImage?: { $id: string } } | null;
      }>) ?? []) {
        if (b.content?.frontImage) vault ??= { environment: s.environment, id: b.content.frontImage.$id };
      }
    }
    expect(vault).toBeDefined();
    const { environment, id } = vault!;
    const file = await get(`${sandbox.baseUrls.idnow}/api/v1/${environment}/files/${id}`, {
      headers: auth,
      redirect: 'manual',
    });
    expect(file.status).toBe(302);
    expect(file.text).toBe('');
    expect(new URL(file.headers.get('location') as string).origin).toBe(sandbox.url);
    expectConforms('getFile', file);
    const other = environment === 'live' ? 'staging' : 'live';
    const scoped = await tokenOf(sandbox.credentials.idnow[other]);
    const cases: Array<[string, string, Record<string, string>, number]> = [
      ['unknown entry', `/api/v1/${environment}/files/nope`, auth, 404],
      ['entry of another environment', `/api/v1/${other}/files/${id}`, auth, 404],
      [
        'client of another environment',
        `/api/v1/${environment}/files/${id}`,
        { authorization: `Bearer ${scoped}` },
        403,
      ],
      ['no token', `/api/v1/${environment}/files/${id}`, {}, 401],
    ];
    for (const [name, path, headers, status] of cases) {
      const res = await get(`${sandbox.baseUrls.idnow}${path}`, { headers, redirect: 'manual' });
      expect(res.status, name).toBe(status);
      expectConforms('getFile', res);
    }
  });

  it('createToken: the environment-scoped clients, by post and by basic', async () => {
    for (const creds of [sandbox.credentials.idnow.live, sandbox.credentials.idnow.staging]) {
      const res = await get(sandbox.baseUrls.idnowToken, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${creds.clientId}:${creds.clientSecret}`).toString('base64')}`,
        },
        body: 'grant_type=client_credentials',
      });
      expect(res.status).toBe(200);
      expectConforms('createToken', res);
    }
  });

  it('serves a JWKS with one RS256 signing key and a kid, public parts only', async () => {
    const res = await get(sandbox.baseUrls.idnowJwks);
    expect(res.status).toBe(200);
    expect(res.json.keys).toHaveLength(1);
    const [key] = res.json.keys;
    expect(key).toMatchObject({
      kty: 'RSA',
      alg: 'RS256',
      use: 'sig',
      kid: sandbox.credentials.idnow.webhookKeyId,
    });
    expect(Object.keys(key).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });
});
