import { createRequire } from 'node:module';
import { ComplyCube, ComplyCubeApiError } from '@complycube/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

// The Yoti SDK is CommonJS; load it as a real third-party client would.
const require = createRequire(import.meta.url);
const { IDVClient } = require('yoti') as {
  IDVClient: new (sdkId: string, pem: string, opts: { apiUrl: string }) => any;
};

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 31, sessions: 40 });
});
afterAll(() => sandbox.stop());

describe('official Yoti Node SDK (IDVClient) against the sandbox', () => {
  it('fetches sessions (signed by the SDK) and reads state, checks and resources', async () => {
    const { sdkId, privateKeyPem } = sandbox.credentials.yoti;
    const client = new IDVClient(sdkId, privateKeyPem, { apiUrl: sandbox.baseUrls.yoti });
    const truth = sandbox.truth().yoti.sessions;
    const completed = truth.find(
      (s) =>
        s.session.state === 'COMPLETED' &&
        (s.session.checks as unknown[]).length > 0 &&
        (s.session.resources as any).liveness_capture.length > 0,
    )!;
    const result = await client.getSession(completed.sessionId);
    expect(result.getSessionId()).toBe(completed.sessionId);
    expect(result.getState()).toBe('COMPLETED');
    const checks = result.getChecks();
    expect(checks.length).toBe((completed.session.checks as unknown[]).length);
    for (const check of checks) {
      expect(check.getState()).toBe('DONE');
      expect(['APPROVE', 'REJECT', 'NOT_AVAILABLE']).toContain(
        check.getReport().getRecommendation().getValue(),
      );
    }
    const resources = result.getResources();
    expect(resources.getIdDocuments().length).toBeGreaterThan(0);
    expect(resources.getIdDocuments()[0].getDocumentType()).toBe(
      (completed.session.resources as any).id_documents[0].document_type,
    );
    expect(resources.getLivenessCapture().length).toBe(1);
    // Every state parses through the SDK's own validation.
    for (const { sessionId, session } of truth) {
      expect((await client.getSession(sessionId)).getState()).toBe(session.state);
    }
  });

  it('downloads media content (bytes + MIME type) and surfaces 404 as an error', async () => {
    const { sdkId, privateKeyPem } = sandbox.credentials.yoti;
    const client = new IDVClient(sdkId, privateKeyPem, { apiUrl: sandbox.baseUrls.yoti });
    const session = sandbox
      .truth()
      .yoti.sessions.find((s) => (s.session.resources as any).id_documents.length > 0)!;
    const mediaId = (session.session.resources as any).id_documents[0].pages[0].media.id;
    const media = await client.getMediaContent(session.sessionId, mediaId);
    expect(media.getMimeType()).toBe('image/png');
    expect([...media.getContent().slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    await expect(client.getSession('00000000-0000-4000-8000-000000000000')).rejects.toThrow();
  });
});

describe('official ComplyCube Node SDK against the sandbox', () => {
  it('gets a workflow session and its checks through its axios instance', async () => {
    const cc = new ComplyCube({ apiKey: sandbox.credentials.complycube.apiKey });
    cc.axiosInstance.defaults.baseURL = sandbox.baseUrls.complycube;
    const truth = sandbox.truth().complycube.sessions.find((s) => Object.keys(s.checks).length > 1)!;
    const session: any = await cc.workflowSession.get(truth.sessionId);
    expect(session).toEqual(truth.session);
    const checkId = session.allRelatedChecks[0].checkId;
    const check: any = await cc.check.get(checkId);
    expect(check).toEqual(truth.checks[checkId]);
    const listed: any[] = await (cc.workflowSession.list as any)(undefined, undefined, {
      page: 1,
      pageSize: 7,
    });
    expect(listed).toHaveLength(7);
  });

  it('maps sandbox errors to ComplyCubeApiError with the provider type', async () => {
    const cc = new ComplyCube({ apiKey: 'wrong' });
    cc.axiosInstance.defaults.baseURL = sandbox.baseUrls.complycube;
    const error = await cc.workflowSession.get('000000000000000000000000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComplyCubeApiError);
    expect((error as ComplyCubeApiError).statusCode).toBe(401);
    expect((error as ComplyCubeApiError).type).toBe('unauthorized');
  });
});
