import {
  type ApiError,
  BadRequestError,
  createVerifaClient,
  NotFoundError,
  ServerError,
  type VerifaClient,
} from '@idvkit/verifa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

/** `@idvkit/verifa`'s new operations over loopback against the sandbox. */
let sandbox: Sandbox;
let client: VerifaClient;

beforeEach(async () => {
  sandbox = await startSandbox({ seed: 17, sessions: { verifa: 90, idnow: 0, yoti: 0, complycube: 0 } });
  client = createVerifaClient({
    baseUrl: sandbox.baseUrls.verifa,
    apiKey: sandbox.credentials.verifa.apiKey,
    initialRetryDelayMs: 1,
    maxRetryDelayMs: 2,
  });
});
afterEach(() => sandbox.stop());

const creates = () => sandbox.stats().providers.verifa.byOperation.createSession ?? 0;

describe('@idvkit/verifa against the sandbox', () => {
  it('an idempotent create survives a 500 (retried with the same key) and makes one session', async () => {
    const before = sandbox.truth().verifa.sessions.length;
    sandbox.setFaults('verifa', { failNext: [{ operation: 'createSession', status: 500, count: 1 }] });
    const session = await client.createSession(
      { external_ref: 'client-1' },
      { idempotencyKey: 'client-key-1' },
    );
    expect(creates()).toBe(2);
    expect(session.status).toBe('pending');
    // The same key and body again: the sandbox replays the first response.
    const again = await client.createSession(
      { external_ref: 'client-1' },
      { idempotencyKey: 'client-key-1' },
    );
    expect(again).toEqual(session);
    expect(sandbox.truth().verifa.sessions.length).toBe(before + 1);
    expect((await client.getSession(session.id)).external_ref).toBe('client-1');
  });

  it('a create without a key is not retried after a 500', async () => {
    const before = sandbox.truth().verifa.sessions.length;
    sandbox.setFaults('verifa', { failNext: [{ operation: 'createSession', status: 500, count: 1 }] });
    await expect(client.createSession({ external_ref: 'client-2' })).rejects.toBeInstanceOf(ServerError);
    expect(creates()).toBe(1);
    expect(sandbox.truth().verifa.sessions.length).toBe(before);
  });

  it('result: NotFoundError before completion; after it, the decision the ground truth reports', async () => {
    const { id } = await client.createSession({});
    await expect(client.getSessionResult(id)).rejects.toBeInstanceOf(NotFoundError);
    for (let i = 0; i < 4; i++) await sandbox.advance({ minutes: 5, progress: 1 });
    const truth = sandbox.truth().verifa.sessions.find((s) => s.sessionId === id);
    if (truth?.decision) {
      expect((await client.getSessionResult(id)).status).toBe(truth.decision);
    } else {
      await expect(client.getSessionResult(id)).rejects.toBeInstanceOf(NotFoundError);
    }
    for (const s of sandbox
      .truth()
      .verifa.sessions.filter((x) => x.decision)
      .slice(0, 10)) {
      expect((await client.getSessionResult(s.sessionId)).status).toBe(s.decision);
    }
  });

  it('listResults walks a Date window page by page and finds exactly the results created in it', async () => {
    const after = new Date('2026-10-01T00:00:00Z');
    const before = new Date('2026-10-25T00:00:00Z');
    const expected = sandbox
      .truth()
      .verifa.sessions.filter((s) => {
        const at = Date.parse(String(s.result?.created_at));
        return s.result && at >= after.getTime() && at < before.getTime();
      })
      .map((s) => s.sessionId)
      .sort();
    sandbox.resetStats();
    const items = await client
      .listResults({ created_after: after, created_before: before, limit: 5 })
      .toArray();
    expect(items.map((r) => r.session_id).sort()).toEqual(expected);
    expect(sandbox.stats().providers.verifa.byOperation.listResults).toBe(
      Math.max(1, Math.ceil(expected.length / 5)),
    );
  });

  it('listWorkflows gives names and versions; listDocuments is 410 after the sensitive window', async () => {
    const workflows = await client.listWorkflows().toArray();
    expect(workflows.filter((w) => w.is_default)).toHaveLength(1);
    expect(workflows.every((w) => typeof w.name === 'string' && typeof w.version === 'number')).toBe(true);
    const old = sandbox.truth().verifa.sessions.find((s) => s.result?.sensitive_data_expired);
    const err = await client.listDocuments(old?.sessionId as string).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as ApiError).status).toBe(410);
    expect((err as ApiError).operation).toBe('listSessionDocuments');
  });
});
