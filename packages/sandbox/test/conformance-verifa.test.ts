import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { type Fetched, get, verifaHeaders } from './helpers/requests.js';
import { SpecValidator } from './helpers/spec.js';

/** Every response of the Verifa operations added for issue 10 validates against specs/verifa.yaml. */
const spec = new SpecValidator();
let sandbox: Sandbox;
let base = '';

function expectConforms(operationId: string, res: Fetched): void {
  expect(spec.declares('verifa', operationId, res.status), `${operationId} ${res.status} declared`).toBe(
    true,
  );
  const errors = spec.validateResponse('verifa', operationId, res.status, res.json);
  expect(errors, `verifa.${operationId} ${res.status}: ${res.text.slice(0, 300)}`).toEqual([]);
}

const call = (path: string, init: RequestInit = {}) =>
  get(`${base}${path}`, { ...init, headers: { ...verifaHeaders(sandbox), ...init.headers } });
const post = (body: unknown, headers: Record<string, string> = {}) =>
  call('/api/v1/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 23, sessions: { verifa: 150, idnow: 0, yoti: 0, complycube: 0 } });
  base = sandbox.baseUrls.verifa;
  // Sessions created through the API, then moved on, are part of the sweep.
  for (let i = 0; i < 6; i++) expectConforms('createSession', await post({ external_ref: `c-${i}` }));
  await sandbox.advance({ minutes: 120, create: 10, progress: 0.7 });
  await sandbox.advance({ minutes: 120, progress: 0.7 });
});
afterAll(() => sandbox.stop());

describe('Verifa conformance (issue 10 operations)', () => {
  it('every session: result (200 or 404) and documents (200 or 410) validate', async () => {
    const statuses = { result: new Set<number>(), documents: new Set<number>() };
    const decisions = new Set<string>();
    let withDocuments = 0;
    for (const { sessionId } of sandbox.truth().verifa.sessions) {
      const result = await call(`/api/v1/sessions/${sessionId}/result`);
      expectConforms('getSessionResult', result);
      statuses.result.add(result.status);
      if (result.status === 200) decisions.add(result.json.status);
      const documents = await call(`/api/v1/sessions/${sessionId}/documents`);
      expectConforms('listSessionDocuments', documents);
      statuses.documents.add(documents.status);
      if (documents.status === 200 && documents.json.data.length > 0) withDocuments++;
    }
    expect([...statuses.result].sort()).toEqual([200, 404]);
    expect([...statuses.documents].sort()).toEqual([200, 410]);
    expect([...decisions].sort()).toEqual(['approved', 'needs_review', 'rejected']);
    expect(withDocuments).toBeGreaterThan(0);
    expectConforms('getSessionResult', await call('/api/v1/sessions/ses_missing/result'));
    expectConforms('listSessionDocuments', await call('/api/v1/sessions/ses_missing/documents'));
  });

  it('every page of /results (with and without a window and status) and of /workflows validates', async () => {
    const queries = [
      '',
      '?status=needs_review',
      '?created_after=2026-10-15T00:00:00Z&created_before=2026-10-25T00:00:00Z',
    ];
    for (const query of queries) {
      let offset = 0;
      for (;;) {
        const sep = query ? '&' : '?';
        const res = await call(`/api/v1/results${query}${sep}limit=40&offset=${offset}`);
        expectConforms('listResults', res);
        expect(res.status).toBe(200);
        offset += res.json.data.length;
        if (res.json.data.length < 40) break;
      }
      expect(offset, query).toBeGreaterThan(0);
    }
    const workflows = await call('/api/v1/workflows');
    expect(workflows.status).toBe(200);
    expectConforms('listWorkflows', workflows);
  });

  it('errors validate: bad paging and window, invalid bodies, idempotency mismatch, 401', async () => {
    const cases: Array<[string, () => Promise<Fetched>, number, string]> = [
      ['limit 0', () => call('/api/v1/results?limit=0'), 400, 'listResults'],
      ['bad created_after', () => call('/api/v1/results?created_after=yesterday'), 400, 'listResults'],
      ['workflows offset -1', () => call('/api/v1/workflows?offset=-1'), 400, 'listWorkflows'],
      ['not JSON', () => post('{nope'), 400, 'createSession'],
      ['bad country', () => post({ country: 'GBR' }), 422, 'createSession'],
      ['unknown workflow', () => post({ workflow_id: 'wfl_nope' }), 422, 'createSession'],
      ['key too long', () => post({}, { 'Idempotency-Key': 'k'.repeat(256) }), 400, 'createSession'],
      ['no key', () => call('/api/v1/results', { headers: { 'X-API-Key': '' } }), 401, 'listResults'],
    ];
    for (const [name, run, status, operation] of cases) {
      const res = await run();
      expect(res.status, name).toBe(status);
      expectConforms(operation, res);
    }
    expect((await post({ external_ref: 'a' }, { 'Idempotency-Key': 'conf-1' })).status).toBe(201);
    const mismatch = await post({ external_ref: 'b' }, { 'Idempotency-Key': 'conf-1' });
    expect(mismatch.status).toBe(422);
    expect(mismatch.json.error).toBe('idempotency_mismatch');
    expectConforms('createSession', mismatch);
  });
});
