import { createComplyCubeClient } from '@idvkit/complycube';
import { createIdnowClient } from '@idvkit/idnow';
import { createVerifaClient, NotFoundError } from '@idvkit/verifa';
import { createYotiClient } from '@idvkit/yoti';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

// End to end with the project's own clients (their built dist), over real loopback HTTP.
let sandbox: Sandbox;
const fast = { initialRetryDelayMs: 5, maxRetryDelayMs: 20 };
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 41, sessions: 120 });
});
afterAll(() => sandbox.stop());

describe('@idvkit/idnow', () => {
  it('token flow, every page of every flow/environment, details and datablocks', async () => {
    sandbox.resetStats();
    const { clientId, clientSecret } = sandbox.credentials.idnow;
    const client = createIdnowClient({
      baseUrl: sandbox.baseUrls.idnow,
      tokenUrl: sandbox.baseUrls.idnowToken,
      clientId,
      clientSecret,
      ...fast,
    });
    const truth = sandbox.truth().idnow.sessions;
    for (const { flowId, environment } of sandbox.idnowFlows) {
      const items = await client
        .listSessions({ flowId, environment, size: 23, sortBy: 'createdAt' })
        .toArray();
      const expected = truth.filter((s) => s.flowId === flowId && s.environment === environment);
      expect(items.map((i) => i.sessionId).sort()).toEqual(expected.map((s) => s.sessionId).sort());
      for (const s of expected.slice(0, 4)) {
        expect(await client.getSession(environment, s.sessionId)).toEqual(s.session);
        expect(await client.getDatablocks(environment, s.sessionId)).toEqual(s.datablocks);
      }
    }
    expect(sandbox.stats().providers.idnow.byOperation.createToken).toBe(1);
    // Revoked token: the client refreshes once on the 401 and carries on.
    await fetch(`${sandbox.url}/_admin/idnow/revoke-tokens`, { method: 'POST' });
    const s = truth[0]!;
    expect(await client.getSession(s.environment, s.sessionId)).toEqual(s.session);
    expect(sandbox.stats().providers.idnow.byOperation.createToken).toBe(2);
  });
});

describe('@idvkit/yoti', () => {
  it('signature flow: every session and media bytes (or null for 204)', async () => {
    const { sdkId, privateKeyPem } = sandbox.credentials.yoti;
    const client = createYotiClient({
      baseUrl: sandbox.baseUrls.yoti,
      sdkId,
      privateKey: privateKeyPem,
      ...fast,
    });
    const truth = sandbox.truth().yoti.sessions;
    for (const { sessionId, session } of truth) expect(await client.getSession(sessionId)).toEqual(session);
    const withDoc = truth.find((s) => (s.session.resources as any).id_documents.length > 0)!;
    const page = (withDoc.session.resources as any).id_documents[0].pages[0];
    const media = await client.getMediaContent(withDoc.sessionId, page.media.id);
    expect(media?.contentType).toMatch(/^image\/png/);
    expect([...(media?.bytes ?? []).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // Purged frames answer 204 → null.
    const nulls: Array<unknown> = [];
    for (const s of truth) {
      for (const doc of (s.session.resources as any).id_documents) {
        for (const p of doc.pages) {
          for (const f of p.frames ?? []) nulls.push(await client.getMediaContent(s.sessionId, f.media.id));
        }
      }
      if (nulls.length > 30) break;
    }
    expect(nulls).toContain(null);
  });
});

describe('@idvkit/complycube', () => {
  it('lists all pages, gets sessions and checks, and retries a 500', async () => {
    const client = createComplyCubeClient({
      baseUrl: sandbox.baseUrls.complycube,
      apiKey: sandbox.credentials.complycube.apiKey,
      ...fast,
    });
    const truth = sandbox.truth().complycube.sessions;
    const items = await client.listWorkflowSessions({ pageSize: 37 }).toArray();
    expect(items).toEqual(
      [...truth]
        .sort(
          (a, b) =>
            String(b.session.createdAt).localeCompare(String(a.session.createdAt)) ||
            (a.sessionId < b.sessionId ? 1 : -1),
        )
        .map((s) => s.session),
    );
    const withChecks = truth.find((s) => Object.keys(s.checks).length > 0)!;
    sandbox.resetStats();
    sandbox.setFaults('complycube', {
      failNext: [{ operation: 'getWorkflowSession', status: 500, count: 1 }],
    });
    expect(await client.getWorkflowSession(withChecks.sessionId)).toEqual(withChecks.session);
    sandbox.setFaults('complycube', null);
    expect(sandbox.stats().providers.complycube.byOperation.getWorkflowSession).toBe(2);
    for (const [id, check] of Object.entries(withChecks.checks))
      expect(await client.getCheck(id)).toEqual(check);
  });
});

describe('@idvkit/verifa', () => {
  it('lists all pages, gets sessions and workflow runs (404 → NotFoundError), honours 429 Retry-After', async () => {
    const client = createVerifaClient({
      baseUrl: sandbox.baseUrls.verifa,
      apiKey: sandbox.credentials.verifa.apiKey,
      ...fast,
    });
    const truth = sandbox.truth().verifa.sessions;
    const items = await client.listSessions({ limit: 30 }).toArray();
    expect(items.map((s) => s.id).sort()).toEqual(truth.map((s) => s.sessionId).sort());
    for (const s of truth.slice(0, 20)) {
      expect(await client.getSession(s.sessionId)).toEqual(s.session);
      if (s.workflowRun) expect(await client.getWorkflowRun(s.sessionId)).toEqual(s.workflowRun);
      else await expect(client.getWorkflowRun(s.sessionId)).rejects.toBeInstanceOf(NotFoundError);
    }
    sandbox.resetStats();
    sandbox.setFaults('verifa', {
      failNext: [{ operation: 'getSession', status: 429, count: 1, retryAfterSeconds: 1 }],
    });
    expect(await client.getSession(truth[0]!.sessionId)).toEqual(truth[0]!.session);
    sandbox.setFaults('verifa', null);
    expect(sandbox.stats().providers.verifa.status).toMatchObject({ '429': 1, '2xx': 1 });
  });
});
