import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Provider, type Sandbox, startSandbox } from '../src/index.js';
import { ccHeaders, type Fetched, get, idnowToken, verifaHeaders, yotiGet } from './helpers/requests.js';
import { SpecValidator } from './helpers/spec.js';

const spec = new SpecValidator();
let sandbox: Sandbox;

/** Asserts the body matches the schema the spec declares for this operation and status. */
function expectConforms(provider: Provider, operationId: string, res: Fetched): void {
  expect(spec.declares(provider, operationId, res.status), `${operationId} ${res.status} declared`).toBe(
    true,
  );
  const errors = spec.validateResponse(provider, operationId, res.status, res.json);
  expect(errors, `${provider}.${operationId} ${res.status}: ${res.text.slice(0, 300)}`).toEqual([]);
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 11, sessions: 160 });
  // Move time so that advance-produced states (new, progressed, expired) are in the sweep too.
  await sandbox.advance({ minutes: 90, create: 15, progress: 0.6 });
});
afterAll(() => sandbox.stop());

describe('IDnow conformance', () => {
  it('token endpoint: success and OAuth errors', async () => {
    const url = sandbox.baseUrls.idnowToken;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const { clientId, clientSecret } = sandbox.credentials.idnow;
    const ok = await get(url, {
      method: 'POST',
      headers: {
        ...form,
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ expires_in: 86400, token_type: 'Bearer' });
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expectConforms('idnow', 'createToken', ok);
    const cases: Array<[string, RequestInit, number, string]> = [
      ['missing grant', { method: 'POST', headers: form, body: 'client_id=x' }, 400, 'invalid_request'],
      [
        'wrong grant',
        { method: 'POST', headers: form, body: 'grant_type=password' },
        400,
        'unsupported_grant_type',
      ],
      [
        'bad secret',
        {
          method: 'POST',
          headers: form,
          body: `grant_type=client_credentials&client_id=${clientId}&client_secret=nope`,
        },
        401,
        'invalid_client',
      ],
      [
        'json body',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
        400,
        'invalid_request',
      ],
    ];
    for (const [name, init, status, error] of cases) {
      const res = await get(url, init);
      expect(res.status, name).toBe(status);
      expect(res.json.error, name).toBe(error);
      expect(res.text, name).not.toContain(clientSecret);
      expectConforms('idnow', 'createToken', res);
    }
  });

  it('lists every page of every flow/environment and every detail + datablocks', async () => {
    const token = await idnowToken(sandbox);
    const auth = { authorization: `Bearer ${token}` };
    const statuses = new Set<string>();
    const seen = new Set<string>();
    let terminalWithResults = 0;
    for (const { flowId, environment } of sandbox.idnowFlows) {
      for (let page = 0; ; page++) {
        const res = await get(
          `${sandbox.baseUrls.idnow}/api/v1/flows/${flowId}/${environment}/sessions?page=${page}&size=17&sortBy=createdAt&sortDesc=true`,
          { headers: auth },
        );
        expect(res.status).toBe(200);
        expectConforms('idnow', 'listSessions', res);
        for (const item of res.json.content) {
          seen.add(item.sessionId);
          statuses.add(item.sessionStatus);
          const detail = await get(
            `${sandbox.baseUrls.idnow}/api/v1/${environment}/sessions/${item.sessionId}`,
            {
              headers: auth,
            },
          );
          expectConforms('idnow', 'getSession', detail);
          expect(detail.json.updatedAt).toBe(item.updatedAt);
          const blocks = await get(
            `${sandbox.baseUrls.idnow}/api/v1/${environment}/sessions/${item.sessionId}/datablocks`,
            { headers: auth },
          );
          expectConforms('idnow', 'listDatablocks', blocks);
          const refs = Object.values(detail.json.results) as Array<{ id: string }>;
          if (refs.length > 0) terminalWithResults++;
          const ids = new Set(blocks.json.dataBlocks.map((b: { datablockId: string }) => b.datablockId));
          for (const ref of refs) expect(ids.has(ref.id)).toBe(true);
          if (['CREATED', 'RUNNING'].includes(item.sessionStatus)) expect(detail.json.results).toEqual({});
        }
        if (page + 1 >= res.json.page.totalPages) break;
      }
    }
    expect(seen.size).toBe(sandbox.truth().idnow.sessions.length);
    expect(terminalWithResults).toBeGreaterThan(0);
    for (const s of ['CREATED', 'RUNNING', 'COMPLETED', 'EXPIRED', 'ABORTED', 'ERROR'])
      expect(statuses).toContain(s);
  });

  it('sorts by status and answers past the last page with an empty page', async () => {
    const token = await idnowToken(sandbox);
    const { flowId, environment } = sandbox.idnowFlows[0]!;
    const base = `${sandbox.baseUrls.idnow}/api/v1/flows/${flowId}/${environment}/sessions`;
    const sorted = await get(`${base}?sortBy=status&size=100`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const s = sorted.json.content.map((i: { sessionStatus: string }) => i.sessionStatus);
    expect(s).toEqual([...s].sort());
    const past = await get(`${base}?page=999`, { headers: { authorization: `Bearer ${token}` } });
    expect(past.json.content).toEqual([]);
    expect(past.json.page.number).toBe(999);
    expectConforms('idnow', 'listSessions', past);
    const capped = await get(`${base}?size=5000`, { headers: { authorization: `Bearer ${token}` } });
    expect(capped.json.page.size).toBe(100);
  });

  it('errors: 401, 404, 400, 429', async () => {
    const token = await idnowToken(sandbox);
    const auth = { authorization: `Bearer ${token}` };
    const { flowId } = sandbox.idnowFlows[0]!;
    const live = sandbox.truth().idnow.sessions.find((s) => s.environment === 'live')!;
    const api = sandbox.baseUrls.idnow;
    const cases: Array<[string, string, Record<string, string>, number, string]> = [
      ['no token', `${api}/api/v1/live/sessions/${live.sessionId}`, {}, 401, 'getSession'],
      [
        'bad token',
        `${api}/api/v1/live/sessions/${live.sessionId}`,
        { authorization: 'Bearer nope' },
        401,
        'getSession',
      ],
      [
        'unknown session',
        `${api}/api/v1/live/sessions/00000000-0000-7000-8000-000000000000`,
        auth,
        404,
        'getSession',
      ],
      ['other environment', `${api}/api/v1/staging/sessions/${live.sessionId}`, auth, 404, 'getSession'],
      [
        'unknown env',
        `${api}/api/v1/prod/sessions/${live.sessionId}/datablocks`,
        auth,
        404,
        'listDatablocks',
      ],
      ['unknown flow', `${api}/api/v1/flows/nope/live/sessions`, auth, 404, 'listSessions'],
      ['bad page', `${api}/api/v1/flows/${flowId}/live/sessions?page=-1`, auth, 400, 'listSessions'],
      [
        'bad sortBy',
        `${api}/api/v1/flows/${flowId}/live/sessions?sortBy=updatedAt`,
        auth,
        400,
        'listSessions',
      ],
    ];
    for (const [name, url, headers, status, op] of cases) {
      const res = await get(url, { headers });
      expect(res.status, name).toBe(status);
      expectConforms('idnow', op, res);
    }
    sandbox.setFaults('idnow', {
      failNext: [{ operation: 'getSession', status: 429, count: 1, retryAfterSeconds: 2 }],
    });
    const limited = await get(`${api}/api/v1/live/sessions/${live.sessionId}`, { headers: auth });
    sandbox.setFaults('idnow', null);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expectConforms('idnow', 'getSession', limited);
    const unknownRoute = await get(`${api}/api/v2/whatever`, { headers: auth });
    expect(unknownRoute.status).toBe(404);
  });
});

describe('Yoti conformance', () => {
  it('every session validates; media returns bytes with the right type or 204', async () => {
    const states = new Set<string>();
    const contentTypes = new Set<string>();
    let noContent = 0;
    let withToken = 0;
    for (const id of sandbox.yotiSessionIds()) {
      const res = await yotiGet(sandbox, `/sessions/${id}`);
      expect(res.status).toBe(200);
      expectConforms('yoti', 'getSession', res);
      states.add(res.json.state);
      if (res.json.client_session_token) withToken++;
      const medias = collectMedia(res.json.resources);
      for (const media of medias.slice(0, 3)) {
        const content = await yotiGet(sandbox, `/sessions/${id}/media/${media.id}/content`);
        expect([200, 204]).toContain(content.status);
        if (content.status === 204) {
          noContent++;
          expect(content.bytes.length).toBe(0);
          continue;
        }
        const type = content.headers.get('content-type') ?? '';
        contentTypes.add(type);
        if (media.type === 'IMAGE') {
          expect(type).toBe('image/png');
          expect([...content.bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
        }
        if (media.type === 'JSON') expect(() => JSON.parse(content.text)).not.toThrow();
      }
    }
    expect([...states].sort()).toEqual(['COMPLETED', 'EXPIRED', 'ONGOING']);
    expect(withToken).toBeGreaterThan(0);
    expect(noContent).toBeGreaterThan(0);
    expect(contentTypes).toContain('application/json');
  });

  it('checks carry recommendations and breakdowns consistent with state', async () => {
    const truth = sandbox.truth().yoti.sessions;
    const values = new Set<string>();
    for (const { session } of truth) {
      const checks = session.checks as Array<Record<string, any>>;
      if (session.state === 'COMPLETED' && checks.length > 0) {
        expect(checks.length).toBeGreaterThanOrEqual(2);
        expect(checks.length).toBeLessThanOrEqual(6);
        for (const check of checks) {
          expect(check.state).toBe('DONE');
          values.add(check.report.recommendation.value);
          expect(Array.isArray(check.report.breakdown)).toBe(true);
        }
      }
      if (session.state === 'EXPIRED') expect(checks).toEqual([]);
    }
    expect([...values].sort()).toEqual(['APPROVE', 'NOT_AVAILABLE', 'REJECT']);
  });

  it('errors: 404 session/media, 401 bad signature, 400 missing params, 429', async () => {
    const id = sandbox.yotiSessionIds()[0]!;
    const missing = await yotiGet(sandbox, '/sessions/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe('SESSION_NOT_FOUND');
    expectConforms('yoti', 'getSession', missing);
    const media = await yotiGet(sandbox, `/sessions/${id}/media/not-a-media/content`);
    expect(media.status).toBe(404);
    expectConforms('yoti', 'getMediaContent', media);
    const unsigned = await get(`${sandbox.baseUrls.yoti}/sessions/${id}`);
    expect(unsigned.status).toBe(400);
    expect(unsigned.json.errors.map((e: { property: string }) => e.property)).toEqual([
      'sdkId',
      'nonce',
      'timestamp',
    ]);
    expectConforms('yoti', 'getSession', unsigned);
    const { generateKeyPairSync } = await import('node:crypto');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    const forged = await yotiGet(sandbox, `/sessions/${id}`, { privateKeyPem: String(other) });
    expect(forged.status).toBe(401);
    expectConforms('yoti', 'getSession', forged);
    sandbox.setFaults('yoti', { failNext: [{ status: 429, count: 1 }] });
    const limited = await yotiGet(sandbox, `/sessions/${id}`);
    sandbox.setFaults('yoti', null);
    expect(limited.status).toBe(429);
    expectConforms('yoti', 'getSession', limited);
  });
});

describe('ComplyCube conformance', () => {
  it('lists every page newest first; every session and check validates', async () => {
    const statuses = new Set<string>();
    const outcomes = new Set<string>();
    const ids: string[] = [];
    let previous = Number.POSITIVE_INFINITY;
    for (let page = 1; ; page++) {
      const res = await get(`${sandbox.baseUrls.complycube}/workflowSessions?page=${page}&pageSize=45`, {
        headers: ccHeaders(sandbox),
      });
      expect(res.status).toBe(200);
      expectConforms('complycube', 'listWorkflowSessions', res);
      for (const item of res.json.items) {
        const created = Date.parse(item.createdAt);
        expect(created).toBeLessThanOrEqual(previous);
        previous = created;
        ids.push(item.id);
        statuses.add(item.status);
        if (item.outcome) outcomes.add(item.outcome);
        const detail = await get(`${sandbox.baseUrls.complycube}/workflowSessions/${item.id}`, {
          headers: ccHeaders(sandbox),
        });
        expectConforms('complycube', 'getWorkflowSession', detail);
        expect(detail.json).toEqual(item);
        for (const related of item.allRelatedChecks) {
          const check = await get(`${sandbox.baseUrls.complycube}/checks/${related.checkId}`, {
            headers: ccHeaders(sandbox),
          });
          expectConforms('complycube', 'getCheck', check);
          expect(check.json.type).toBe(related.type);
          if (item.status === 'complete' && check.json.status === 'complete')
            expect(check.json.result.outcome).toBeTruthy();
        }
      }
      if (page >= res.json.pages) break;
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(sandbox.truth().complycube.sessions.length);
    for (const s of ['started', 'processing', 'complete', 'abandoned', 'cancelled'])
      expect(statuses).toContain(s);
    expect([...outcomes].sort()).toEqual(['attention', 'clear', 'rejected']);
  });

  it('filters by createdAfter/updatedBefore', async () => {
    const all = sandbox.truth().complycube.sessions.map((s) => s.session);
    const cutoff = new Date(sandbox.now().getTime() - 7 * 86_400_000).toISOString();
    const res = await get(
      `${sandbox.baseUrls.complycube}/workflowSessions?pageSize=1000&createdAfter=${encodeURIComponent(cutoff)}`,
      { headers: ccHeaders(sandbox) },
    );
    const expected = all.filter((s) => String(s.createdAt) >= cutoff).length;
    expect(res.json.totalItems).toBe(expected);
    expect(expected).toBeGreaterThan(0);
    const before = await get(
      `${sandbox.baseUrls.complycube}/workflowSessions?pageSize=1000&updatedBefore=${encodeURIComponent(cutoff)}`,
      { headers: ccHeaders(sandbox) },
    );
    expect(before.json.totalItems).toBe(all.filter((s) => String(s.updatedAt) <= cutoff).length);
  });

  it('errors: 401, 404, 400 invalid_request, 429, 500', async () => {
    const base = sandbox.baseUrls.complycube;
    const cases: Array<[string, string, Record<string, string>, number, string, string]> = [
      ['no key', `${base}/workflowSessions`, {}, 401, 'unauthorized', 'listWorkflowSessions'],
      [
        'bearer key',
        `${base}/workflowSessions`,
        { Authorization: `Bearer ${sandbox.credentials.complycube.apiKey}` },
        401,
        'unauthorized',
        'listWorkflowSessions',
      ],
      [
        'unknown session',
        `${base}/workflowSessions/000000000000000000000000`,
        ccHeaders(sandbox),
        404,
        'resource_not_found',
        'getWorkflowSession',
      ],
      [
        'unknown check',
        `${base}/checks/000000000000000000000000`,
        ccHeaders(sandbox),
        404,
        'resource_not_found',
        'getCheck',
      ],
      [
        'pageSize 0',
        `${base}/workflowSessions?pageSize=0`,
        ccHeaders(sandbox),
        400,
        'invalid_request',
        'listWorkflowSessions',
      ],
      [
        'pageSize 1001',
        `${base}/workflowSessions?pageSize=1001`,
        ccHeaders(sandbox),
        400,
        'invalid_request',
        'listWorkflowSessions',
      ],
      [
        'page 0',
        `${base}/workflowSessions?page=0`,
        ccHeaders(sandbox),
        400,
        'invalid_request',
        'listWorkflowSessions',
      ],
      // A malformed filter (`updatedAfter=yesterday`) is an empty 200 page, as the real API answers: see
      // conformance-complycube.test.ts.
    ];
    for (const [name, url, headers, status, type, op] of cases) {
      const res = await get(url, { headers });
      expect(res.status, name).toBe(status);
      expect(res.json.type, name).toBe(type);
      expectConforms('complycube', op, res);
    }
    sandbox.setFaults('complycube', {
      failNext: [
        { operation: 'listWorkflowSessions', status: 429, count: 1 },
        { operation: 'listWorkflowSessions', status: 500, count: 1 },
      ],
    });
    const limited = await get(`${base}/workflowSessions`, { headers: ccHeaders(sandbox) });
    const broken = await get(`${base}/workflowSessions`, { headers: ccHeaders(sandbox) });
    sandbox.setFaults('complycube', null);
    expect(limited.status).toBe(429);
    expect(limited.json.type).toBe('rate_limit_exceeded');
    expect(limited.headers.get('retry-after')).toBeNull();
    expectConforms('complycube', 'listWorkflowSessions', limited);
    expect(broken.status).toBe(500);
    expectConforms('complycube', 'listWorkflowSessions', broken);
  });
});

describe('Verifa conformance', () => {
  it('lists every page newest first; every session and workflow run validates', async () => {
    const statuses = new Set<string>();
    const finals = new Set<string | null>();
    let runs404 = 0;
    let count = 0;
    for (let offset = 0; ; ) {
      const res = await get(`${sandbox.baseUrls.verifa}/api/v1/sessions?limit=100&offset=${offset}`, {
        headers: verifaHeaders(sandbox),
      });
      expect(res.status).toBe(200);
      expectConforms('verifa', 'listSessions', res);
      for (const item of res.json.data) {
        count++;
        statuses.add(item.status);
        const detail = await get(`${sandbox.baseUrls.verifa}/api/v1/sessions/${item.id}`, {
          headers: verifaHeaders(sandbox),
        });
        expectConforms('verifa', 'getSession', detail);
        const run = await get(`${sandbox.baseUrls.verifa}/api/v1/sessions/${item.id}/workflow-run`, {
          headers: verifaHeaders(sandbox),
        });
        expectConforms('verifa', 'getSessionWorkflowRun', run);
        if (run.status === 404) runs404++;
        else finals.add(run.json.final_status);
      }
      offset += res.json.data.length;
      if (res.json.data.length === 0 || offset >= res.json.pagination.total) break;
    }
    expect(count).toBe(sandbox.truth().verifa.sessions.length);
    expect(runs404).toBeGreaterThan(0);
    for (const s of [
      'pending',
      'capturing',
      'processing',
      'under_review',
      'completed',
      'expired',
      'failed',
    ]) {
      expect(statuses).toContain(s);
    }
    expect(finals).toContain(null);
    expect(finals).toContain('approved');
  });

  it('caps limit at 100 and honours Key-Inflection', async () => {
    const capped = await get(`${sandbox.baseUrls.verifa}/api/v1/sessions?limit=500`, {
      headers: verifaHeaders(sandbox),
    });
    expect(capped.json.pagination.limit).toBe(100);
    expect(capped.json.data).toHaveLength(100);
    const id = capped.json.data[0].id;
    const camel = await get(`${sandbox.baseUrls.verifa}/api/v1/sessions/${id}`, {
      headers: { ...verifaHeaders(sandbox), 'Key-Inflection': 'camel' },
    });
    expect(camel.json).toHaveProperty('createdAt');
    expect(camel.json).not.toHaveProperty('created_at');
    const kebab = await get(`${sandbox.baseUrls.verifa}/api/v1/sessions?limit=1`, {
      headers: { ...verifaHeaders(sandbox), 'Key-Inflection': 'kebab' },
    });
    expect(kebab.json.data[0]).toHaveProperty('retention-status');
  });

  it('errors: 401, 404, 400, 429 with Retry-After and rate-limit headers', async () => {
    const base = `${sandbox.baseUrls.verifa}/api/v1/sessions`;
    const cases: Array<[string, string, Record<string, string>, number, string]> = [
      ['no key', base, {}, 401, 'listSessions'],
      ['bad key', base, { 'X-API-Key': 'vk_sandbox_wrong' }, 401, 'listSessions'],
      ['unknown session', `${base}/ses_missing`, verifaHeaders(sandbox), 404, 'getSession'],
      [
        'unknown run',
        `${base}/ses_missing/workflow-run`,
        verifaHeaders(sandbox),
        404,
        'getSessionWorkflowRun',
      ],
      ['limit 0', `${base}?limit=0`, verifaHeaders(sandbox), 400, 'listSessions'],
      ['negative offset', `${base}?offset=-3`, verifaHeaders(sandbox), 400, 'listSessions'],
    ];
    for (const [name, url, headers, status, op] of cases) {
      const res = await get(url, { headers });
      expect(res.status, name).toBe(status);
      expect(res.json.status_code, name).toBe(status);
      expectConforms('verifa', op, res);
    }
    const limitedSandbox = await startSandbox({
      seed: 2,
      sessions: 5,
      rateLimits: { verifa: { perMinute: 3 } },
    });
    try {
      const responses: Fetched[] = [];
      for (let i = 0; i < 4; i++) {
        responses.push(
          await get(`${limitedSandbox.baseUrls.verifa}/api/v1/sessions`, {
            headers: verifaHeaders(limitedSandbox),
          }),
        );
      }
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 429]);
      expect(responses.map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
      const last = responses[3]!;
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(last.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 - 1);
      expect(last.json.error).toBe('rate_limited');
      expectConforms('verifa', 'listSessions', last);
    } finally {
      await limitedSandbox.stop();
    }
  });
});

function collectMedia(resources: any): Array<{ id: string; type: string }> {
  const out: Array<{ id: string; type: string }> = [];
  const walk = (v: any): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (typeof v.id === 'string' && typeof v.type === 'string' && ('created' in v || v.type === 'JSON')) {
        if (['IMAGE', 'JSON', 'BINARY'].includes(v.type)) out.push({ id: v.id, type: v.type });
      }
      for (const value of Object.values(v)) walk(value);
    }
  };
  walk(resources);
  return out;
}
