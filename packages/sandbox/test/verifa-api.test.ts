import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { get, verifaHeaders } from './helpers/requests.js';

let sandbox: Sandbox;
const DAY_MINUTES = 24 * 60;

beforeEach(async () => {
  sandbox = await startSandbox({ seed: 5, sessions: { verifa: 120, idnow: 0, yoti: 0, complycube: 0 } });
});
afterEach(() => sandbox.stop());

const call = (path: string, init: RequestInit = {}) =>
  get(`${sandbox.baseUrls.verifa}${path}`, {
    ...init,
    headers: { ...verifaHeaders(sandbox), ...init.headers },
  });
const create = (body: unknown, key?: string) =>
  call('/api/v1/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) },
    body: JSON.stringify(body),
  });
const verifaCount = () => sandbox.truth().verifa.sessions.length;

/** Advances with progress 1 until the session leaves the open states (or `max` steps). */
async function runToEnd(id: string, max = 8): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    const status = (await call(`/api/v1/sessions/${id}`)).json.status as string;
    seen.push(status);
    if (['completed', 'expired', 'failed'].includes(status)) break;
    await sandbox.advance({ minutes: 10, progress: 1 });
  }
  return seen;
}

describe('Verifa: create session', () => {
  it('creates a pending session that is listed, echoes its input and moves through its states', async () => {
    const before = verifaCount();
    const res = await create({ external_ref: 'user-42', country: 'gb', metadata: { plan: 'pro' } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: 'pending', is_sandbox: true });
    expect(res.json.id).toMatch(/^ses_/);
    expect(res.json.capture_url).toMatch(/^https:\/\//);
    expect(Date.parse(res.json.expires_at) - Date.parse(res.json.created_at)).toBe(20 * 60_000);
    expect(verifaCount()).toBe(before + 1);
    const session = (await call(`/api/v1/sessions/${res.json.id}`)).json;
    expect(session).toMatchObject({ external_ref: 'user-42', country: 'GB', metadata: { plan: 'pro' } });
    const listed = await call('/api/v1/sessions?q=user-42');
    expect(listed.json.data.map((s: { id: string }) => s.id)).toContain(res.json.id);
    // No result before completion.
    const early = await call(`/api/v1/sessions/${res.json.id}/result`);
    expect(early.status).toBe(404);
    expect(early.json.detail).toContain('pending');
    const states = await runToEnd(res.json.id);
    expect(states.slice(0, 3)).toEqual(['pending', 'capturing', 'processing']);
    const end = states.at(-1) as string;
    expect(['completed', 'failed', 'under_review', 'awaiting_external']).toContain(end);
  });

  it('accepts camelCase keys and the JSON:API envelope; refuses bad fields with 422 and field details', async () => {
    const camel = await create({ externalRef: 'camel-1', redirectUrl: 'https://example.com/done' });
    expect(camel.status).toBe(201);
    expect((await call(`/api/v1/sessions/${camel.json.id}`)).json.external_ref).toBe('camel-1');
    const envelope = await create({ data: { attributes: { 'external-ref': 'env-1' } } });
    expect((await call(`/api/v1/sessions/${envelope.json.id}`)).json.external_ref).toBe('env-1');
    const before = verifaCount();
    const bad = await create({ country: 'GBR', metadata: [1], workflow_id: 'wfl_nope' });
    expect(bad.status).toBe(422);
    expect(bad.json.detail.map((d: { field: string }) => d.field).sort()).toEqual(['country', 'metadata']);
    const unknown = await create({ workflow_id: 'wfl_nope' });
    expect(unknown.json.detail).toEqual([
      { field: 'workflow_id', message: 'no active workflow has this id' },
    ]);
    expect(verifaCount()).toBe(before);
  });

  it('Idempotency-Key: same body replays (one session), another body is 422, the key expires after 24 h', async () => {
    const before = verifaCount();
    const first = await create({ external_ref: 'idem-1', metadata: { a: 1, b: 2 } }, 'key-1');
    // Same body with another key order: the same request.
    const again = await create({ metadata: { b: 2, a: 1 }, external_ref: 'idem-1' }, 'key-1');
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(verifaCount()).toBe(before + 1);
    const other = await create({ external_ref: 'idem-2' }, 'key-1');
    expect(other.status).toBe(422);
    expect(other.json).toMatchObject({ error: 'idempotency_mismatch', status_code: 422 });
    expect(verifaCount()).toBe(before + 1);
    await sandbox.advance({ minutes: DAY_MINUTES, progress: 0 });
    const later = await create({ external_ref: 'idem-1', metadata: { a: 1, b: 2 } }, 'key-1');
    expect(later.status).toBe(201);
    expect(later.json.id).not.toBe(first.json.id);
    expect(verifaCount()).toBe(before + 2);
  });
});

describe('Verifa: results', () => {
  it('GET …/result agrees with the session and the ground truth for every session', async () => {
    await sandbox.advance({ minutes: 60, create: 5, progress: 0.5 });
    for (const { sessionId, session, workflowRun, result, decision } of sandbox.truth().verifa.sessions) {
      const res = await call(`/api/v1/sessions/${sessionId}/result`);
      const status = session.status as string;
      if (status === 'completed' || status === 'under_review') {
        expect(res.status).toBe(200);
        expect(res.json).toEqual(result);
        expect(res.json.status).toBe(decision);
        if (status === 'under_review') expect(decision).toBe('needs_review');
        const final = workflowRun?.final_status;
        if (final === 'approved') expect(decision).toBe('approved');
        if (final === 'rejected' || final === 'declined') expect(decision).toBe('rejected');
        const failedCheck = (session.checks as Array<{ status: string }>).some((c) => c.status === 'failed');
        if (decision === 'rejected') {
          expect(failedCheck).toBe(true);
          expect(res.json.rejection_reason_code).toMatch(/^[a-z_]+$/);
          expect(res.json.rejection_reason).toBeTruthy();
        } else {
          expect(res.json.rejection_reason_code).toBeNull();
        }
      } else {
        expect(res.status).toBe(404);
        expect(result).toBeNull();
        expect(decision).toBeNull();
      }
    }
  });

  it('a manual review turns needs_review into approved or rejected, keeping the result created_at', async () => {
    const reviews = sandbox.truth().verifa.sessions.filter((s) => s.session.status === 'under_review');
    expect(reviews.length).toBeGreaterThan(0);
    const before = new Map(reviews.map((s) => [s.sessionId, s.result]));
    await sandbox.advance({ minutes: 30, progress: 1 });
    const after = sandbox.truth().verifa.sessions.filter((s) => before.has(s.sessionId));
    for (const s of after) {
      expect(s.session.status).toBe('completed');
      expect(['approved', 'rejected']).toContain(s.decision);
      const res = await call(`/api/v1/sessions/${s.sessionId}/result`);
      expect(res.json.status).toBe(s.decision);
      expect(res.json.processing_mode).toBe('manual');
      expect(res.json.created_at).toBe(before.get(s.sessionId)?.created_at);
    }
  });

  it('/results filters by result creation window and status, pages, and carries no personal data', async () => {
    const all = sandbox.truth().verifa.sessions.filter((s) => s.result !== null);
    const after = '2026-10-10T00:00:00Z';
    const before = '2026-10-20T12:00:00Z';
    const expected = all
      .filter((s) => (s.result?.created_at as string) >= after && (s.result?.created_at as string) < before)
      .map((s) => s.sessionId)
      .sort();
    expect(expected.length).toBeGreaterThan(3);
    const ids: string[] = [];
    let pages = 0;
    for (let offset = 0; ; pages++) {
      const res = await call(
        `/api/v1/results?created_after=${after}&created_before=${before}&limit=3&offset=${offset}`,
      );
      expect(res.status).toBe(200);
      expect(res.json.pagination.total).toBe(expected.length);
      for (const item of res.json.data) {
        expect(item).not.toHaveProperty('extracted_data');
        expect(item).not.toHaveProperty('extracted_age');
        ids.push(item.session_id);
      }
      offset += res.json.data.length;
      if (res.json.data.length < 3) break;
    }
    expect(ids.sort()).toEqual(expected);
    expect(pages).toBeGreaterThan(1);
    const review = await call('/api/v1/results?status=needs_review&limit=100');
    const reviewIds = review.json.data.map((r: { session_id: string }) => r.session_id).sort();
    expect(reviewIds).toEqual(
      all
        .filter((s) => s.decision === 'needs_review')
        .map((s) => s.sessionId)
        .sort(),
    );
  });
});

describe('Verifa: documents and workflows', () => {
  it('documents are listed inside the sensitive window and 410 Gone after it; the result loses its PII', async () => {
    const created = await create({ external_ref: 'docs-1' });
    const id = created.json.id as string;
    expect((await call(`/api/v1/sessions/${id}/documents`)).json).toEqual({ data: [] });
    await runToEnd(id);
    const docs = await call(`/api/v1/sessions/${id}/documents`);
    expect(docs.status).toBe(200);
    expect(docs.json.data.length).toBeGreaterThan(0);
    for (const d of docs.json.data) {
      expect(d.url).toMatch(/^https:\/\/.*signature=[0-9a-f]{64}$/);
      expect(Date.parse(d.expires_at) - sandbox.now().getTime()).toBeLessThanOrEqual(300_000);
    }
    const fresh = sandbox.truth().verifa.sessions.find((s) => s.result && !s.result.sensitive_data_expired);
    expect(Object.keys(fresh?.result?.extracted_data ?? {})).toContain('date_of_birth');
    await sandbox.advance({ minutes: 30 * DAY_MINUTES, progress: 0 });
    const gone = await call(`/api/v1/sessions/${id}/documents`);
    expect(gone.status).toBe(410);
    expect(gone.json).toMatchObject({ error: 'gone', status_code: 410 });
    const result = await call(`/api/v1/sessions/${fresh?.sessionId}/result`);
    expect(result.json.extracted_data).toEqual({});
    expect(result.json.extracted_age).toBeNull();
    expect(result.json.sensitive_data_expired).toBe(true);
    expect(result.json.status).toBe(fresh?.decision);
  });

  it('workflows: names and versions, exactly one default; a session can be created on an active one', async () => {
    const res = await call('/api/v1/workflows');
    const workflows = res.json.data as Array<Record<string, unknown>>;
    expect(workflows.map((w) => [w.name, w.version, w.is_default, w.is_active])).toEqual([
      ['Standard KYC', 3, true, true],
      ['Database check', 1, false, true],
      ['Legacy KYC', 7, false, false],
    ]);
    const used = new Set(sandbox.truth().verifa.sessions.map((s) => s.session.workflow_id));
    expect(used.has(workflows[0]?.id as string)).toBe(true);
    const onSecond = await create({ workflow_id: workflows[1]?.id });
    expect((await call(`/api/v1/sessions/${onSecond.json.id}`)).json.workflow_id).toBe(workflows[1]?.id);
    expect((await create({ workflow_id: workflows[2]?.id })).status).toBe(422);
  });
});
