import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { ccHeaders, type Fetched, get } from './helpers/requests.js';
import { SpecValidator } from './helpers/spec.js';

const spec = new SpecValidator();
let sandbox: Sandbox;

function expectConforms(operationId: string, res: Fetched): void {
  expect(spec.declares('complycube', operationId, res.status), `${operationId} ${res.status} declared`).toBe(
    true,
  );
  const errors = spec.validateResponse('complycube', operationId, res.status, res.json);
  expect(errors, `complycube.${operationId} ${res.status}: ${res.text.slice(0, 300)}`).toEqual([]);
}

const post = (path: string, body?: unknown, headers: Record<string, string> = ccHeaders(sandbox)) =>
  get(`${sandbox.baseUrls.complycube}${path}`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
const list = (path: string) => get(`${sandbox.baseUrls.complycube}${path}`, { headers: ccHeaders(sandbox) });

const person = {
  type: 'person',
  email: 'ada@example.com',
  personDetails: { firstName: 'Ada', lastName: 'Lovelace' },
};

/** A workflow template id, harvested from the sessions as a real integration would (no template list exists). */
async function templateId(): Promise<string> {
  const page = await list('/workflowSessions?pageSize=1');
  return page.json.items[0].workflowTemplateId as string;
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 21, sessions: 120 });
});
afterAll(() => sandbox.stop());

describe('ComplyCube conformance: new operations', () => {
  it('createClient: person and company 200, bad bodies 400', async () => {
    const created = await post('/clients', person);
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      type: 'person',
      entityName: 'Ada Lovelace',
      email: 'ada@example.com',
    });
    expectConforms('createClient', created);
    const company = await post('/clients', {
      type: 'company',
      email: 'kyc@acme.example',
      companyDetails: { name: 'Acme Ltd' },
    });
    expect(company.json.entityName).toBe('Acme Ltd');
    expectConforms('createClient', company);
    const bad: Array<[string, unknown, string]> = [
      ['not JSON', '{', ''],
      ['no type', { email: 'a@b.c' }, 'type'],
      ['bad email', { ...person, email: 'nope' }, 'email'],
      ['person without lastName', { ...person, personDetails: { firstName: 'A' } }, 'personDetails.lastName'],
      [
        'company without name',
        { type: 'company', email: 'a@b.c', companyDetails: {} },
        'companyDetails.name',
      ],
    ];
    for (const [name, body, param] of bad) {
      const res = await post('/clients', body);
      expect(res.status, name).toBe(400);
      expect(res.json.type, name).toBe('invalid_request');
      if (param) expect(res.json.param, name).toBe(param);
      expectConforms('createClient', res);
    }
  });

  it('createFlowSession: only redirectUrl; 404 for unknown client/template; 400 for missing fields', async () => {
    const client = (await post('/clients', person)).json;
    const template = await templateId();
    const body = {
      clientId: client.id,
      workflowTemplateId: template,
      successUrl: 'https://example.com/ok',
      cancelUrl: 'https://example.com/cancel',
    };
    const created = await post('/flow/sessions', body);
    expect(created.status).toBe(200);
    expect(Object.keys(created.json)).toEqual(['redirectUrl']);
    expectConforms('createFlowSession', created);
    // The docs' table types the URLs "array": accepted too.
    const arrays = await post('/flow/sessions', { ...body, successUrl: ['https://example.com/ok'] });
    expectConforms('createFlowSession', arrays);
    const cases: Array<[string, unknown, number]> = [
      ['unknown client', { ...body, clientId: '000000000000000000000000' }, 404],
      ['unknown template', { ...body, workflowTemplateId: '000000000000000000000000' }, 404],
      ['no successUrl', { ...body, successUrl: undefined }, 400],
      ['no workflowTemplateId', { ...body, workflowTemplateId: undefined }, 400],
    ];
    for (const [name, payload, status] of cases) {
      const res = await post('/flow/sessions', payload);
      expect(res.status, name).toBe(status);
      expectConforms('createFlowSession', res);
    }
  });

  it('complete and cancel: 200 with the new status, 400 when not started, 404 when unknown', async () => {
    const client = (await post('/clients', person)).json;
    const flow = {
      clientId: client.id,
      workflowTemplateId: await templateId(),
      successUrl: 'https://example.com/ok',
      cancelUrl: 'https://example.com/cancel',
    };
    await post('/flow/sessions', flow);
    await post('/flow/sessions', flow);
    const sessions = (await list(`/workflowSessions?clientId=${client.id}`)).json.items as Array<{
      id: string;
    }>;
    expect(sessions).toHaveLength(2);
    const [a, b] = sessions as [{ id: string }, { id: string }];
    const completed = await post(`/workflowSessions/${a.id}/complete`);
    expect(completed.json).toEqual({ status: 'processing' });
    expectConforms('completeWorkflowSession', completed);
    const cancelled = await post(`/workflowSessions/${b.id}/cancel`);
    expect(cancelled.json).toEqual({ status: 'cancelled' });
    expectConforms('cancelWorkflowSession', cancelled);
    for (const [op, path] of [
      ['completeWorkflowSession', `/workflowSessions/${a.id}/complete`],
      ['cancelWorkflowSession', `/workflowSessions/${a.id}/cancel`],
      ['completeWorkflowSession', `/workflowSessions/${b.id}/complete`],
    ] as const) {
      const res = await post(path);
      expect(res.status, path).toBe(400);
      expect(res.json.type).toBe('invalid_request');
      expectConforms(op, res);
    }
    const missing = await post('/workflowSessions/000000000000000000000000/cancel');
    expect(missing.status).toBe(404);
    expectConforms('cancelWorkflowSession', missing);
  });

  it('listChecks: every page validates; filters; a malformed filter is an empty 200 page', async () => {
    const all: Array<{ id: string; createdAt: string }> = [];
    for (let page = 1; ; page++) {
      const res = await list(`/checks?page=${page}&pageSize=50`);
      expectConforms('listChecks', res);
      all.push(...res.json.items);
      if (page >= res.json.pages) break;
    }
    const truthChecks = sandbox.truth().complycube.sessions.flatMap((s) => Object.values(s.checks));
    expect(all.length).toBe(truthChecks.length);
    const sorted = [...all].sort((x, y) =>
      x.createdAt < y.createdAt ? 1 : x.createdAt > y.createdAt ? -1 : 0,
    );
    expect(all.map((c) => c.createdAt)).toEqual(sorted.map((c) => c.createdAt));

    const rejected = await list('/checks?result.outcome=rejected&pageSize=1000');
    expectConforms('listChecks', rejected);
    const wantRejected = truthChecks.filter(
      (c) => (c.result as { outcome?: string } | undefined)?.outcome === 'rejected',
    );
    expect(rejected.json.totalItems).toBe(wantRejected.length);
    expect(rejected.json.totalItems).toBeGreaterThan(0);

    const one = truthChecks[0] as { clientId: string; type: string };
    const byClient = await list(`/checks?clientId=${one.clientId}&type=${one.type}`);
    expect(byClient.json.items.length).toBeGreaterThan(0);
    for (const c of byClient.json.items) expect([c.clientId, c.type]).toEqual([one.clientId, one.type]);

    for (const query of ['createdAfter=yesterday', 'updatedBefore=not-a-date']) {
      const res = await list(`/checks?${query}`);
      expect(res.status, query).toBe(200);
      expect(res.json, query).toMatchObject({ totalItems: 0, pages: 0, items: [] });
      expectConforms('listChecks', res);
    }
    const tooBig = await list('/checks?pageSize=1001');
    expect(tooBig.status).toBe(400);
    expectConforms('listChecks', tooBig);
  });

  it('listWorkflowSessions: a malformed filter is an empty 200 page; status filter; pageSize 1000', async () => {
    const bad = await list('/workflowSessions?updatedAfter=yesterday');
    expect(bad.status).toBe(200);
    expect(bad.json).toMatchObject({ page: 1, pageSize: 100, totalItems: 0, pages: 0, items: [] });
    expectConforms('listWorkflowSessions', bad);
    const big = await list('/workflowSessions?pageSize=1000&status=complete');
    expectConforms('listWorkflowSessions', big);
    const want = sandbox.truth().complycube.sessions.filter((s) => s.session.status === 'complete').length;
    expect(big.json.totalItems).toBe(want);
    for (const item of big.json.items) {
      expect(item.status).toBe('complete');
      expect(typeof item.workflowTemplateName).toBe('string');
    }
  });

  it('getCheck: failing outcomes validate and carry the breakdown that explains them', async () => {
    const failing = sandbox
      .truth()
      .complycube.sessions.flatMap((s) => Object.values(s.checks))
      .filter((c) => c.status === 'complete' && (c.result as { outcome: string }).outcome !== 'clear');
    expect(failing.length).toBeGreaterThan(5);
    const types = new Set<string>();
    for (const check of failing) {
      const res = await list(`/checks/${check.id}`);
      expectConforms('getCheck', res);
      types.add(res.json.type);
      expect(explains(res.json), `${res.json.type} ${JSON.stringify(res.json.result)}`).toBe(true);
    }
    expect(types.size).toBeGreaterThan(1);
  });

  it('429 from a test_ key when rate limits are enabled validates (no Retry-After)', async () => {
    const limited = await startSandbox({ seed: 21, sessions: 5, rateLimits: true });
    try {
      const results = await Promise.all(
        Array.from({ length: 12 }, () =>
          get(`${limited.baseUrls.complycube}/checks`, { headers: ccHeaders(limited) }),
        ),
      );
      const refused = results.find((r) => r.status === 429);
      expect(refused).toBeDefined();
      expect(refused?.headers.get('retry-after')).toBeNull();
      expectConforms('listChecks', refused as Fetched);
    } finally {
      await limited.stop();
    }
  });
});

/** Whether a non-clear check's breakdown names a reason: an analysis, list or field that did not pass. */
function explains(check: { type: string; result: { breakdown: Record<string, any> } }): boolean {
  const b = check.result.breakdown;
  if (check.type === 'document_check') {
    return Object.values(b).some(
      (a) =>
        a?.outcome === 'attention' &&
        Object.values((a.breakdown ?? {}) as Record<string, string>).includes('attention'),
    );
  }
  if (/screening/.test(check.type)) return b.matchCount > 0 && b.matches.length === b.matchCount;
  if (check.type === 'face_authentication_check') {
    return b.faceComparison.outcome === 'attention' || b.livenessAnalysis.outcome === 'attention';
  }
  return [b.nameMatch, b.dateOfBirthMatch, b.addressMatch].some((v) => v !== 'match');
}
