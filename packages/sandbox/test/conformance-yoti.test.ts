import { createSign, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { type Fetched, get, yotiGet } from './helpers/requests.js';
import { SpecValidator } from './helpers/spec.js';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver.js';

const spec = new SpecValidator();
let sandbox: Sandbox;
let receiver: WebhookReceiver;

function expectConforms(operationId: string, res: Fetched): void {
  expect(spec.declares('yoti', operationId, res.status), `${operationId} ${res.status} declared`).toBe(true);
  const errors = spec.validateResponse('yoti', operationId, res.status, res.json);
  expect(errors, `yoti.${operationId} ${res.status}: ${res.text.slice(0, 300)}`).toEqual([]);
}

/** A signed Yoti request with a body (the signature covers `&` + base64(body)). */
function yotiSend(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<Fetched> {
  const { sdkId, privateKeyPem } = sandbox.credentials.yoti;
  const target = `${path}?sdkId=${sdkId}&nonce=${randomUUID()}&timestamp=${Date.now()}`;
  const bytes = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const message = bytes ? `${method}&${target}&${bytes.toString('base64')}` : `${method}&${target}`;
  const digest = createSign('RSA-SHA256').update(message).sign(privateKeyPem, 'base64');
  return get(`${sandbox.baseUrls.yoti}${target}`, {
    method,
    headers: { 'X-Yoti-Auth-Digest': digest, 'Content-Type': 'application/json' },
    ...(bytes ? { body: bytes } : {}),
  });
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sandbox = await startSandbox({
    seed: 12,
    sessions: 40,
    webhooks: { yoti: { url: receiver.url, authToken: 'conformance', scheme: 'Bearer' } },
  });
});
afterAll(async () => {
  await sandbox.stop();
  await receiver.close();
});

describe('Yoti conformance: operations added for issue 10', () => {
  it('createSession 201 and 400; the created sessions conform through every state, with CONSIDER among them', async () => {
    const created: string[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await yotiSend('POST', '/sessions', {
        client_session_token_ttl: 86_400,
        requested_checks: [{ type: 'ID_DOCUMENT_AUTHENTICITY' }],
        notifications: { endpoint: 'https://x.test/h', topics: ['SESSION_COMPLETION'], auth_type: 'BEARER' },
      });
      expect(res.status).toBe(201);
      expectConforms('createSession', res);
      created.push(res.json.session_id);
    }
    for (const body of [
      { client_session_token_ttl: 5 },
      { resources_ttl: 10 },
      { requested_checks: 'x' },
      'text',
    ]) {
      const bad = await yotiSend('POST', '/sessions', body);
      expect(bad.status).toBe(400);
      expectConforms('createSession', bad);
      expect(bad.json.errors.length).toBeGreaterThan(0);
    }
    const values = new Set<string>();
    for (let step = 0; step < 10; step++) {
      for (const id of created) {
        const res = await yotiGet(sandbox, `/sessions/${id}`);
        expectConforms('getSession', res);
        for (const check of res.json.checks) if (check.report) values.add(check.report.recommendation.value);
      }
      await sandbox.advance({ minutes: 30, progress: 1 });
    }
    expect(values).toContain('CONSIDER');
  });

  it('deleteSession 204, 404 and 409 (checks running)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await yotiSend('POST', '/sessions', { client_session_token_ttl: 86_400 })).json.session_id);
    let conflicts = 0;
    for (let step = 0; step < 10 && conflicts === 0; step++) {
      await sandbox.advance({ minutes: 30, progress: 1 });
      for (const id of ids) {
        const session = (await yotiGet(sandbox, `/sessions/${id}`)).json;
        if (session.state === 'ONGOING' && session.checks.length > 0) {
          const res = await yotiSend('DELETE', `/sessions/${id}`);
          expect(res.status).toBe(409);
          expectConforms('deleteSession', res);
          conflicts++;
        }
      }
    }
    expect(conflicts).toBeGreaterThan(0);
    const done = sandbox.truth().yoti.sessions.find((s) => s.session.state === 'COMPLETED')!;
    const ok = await yotiSend('DELETE', `/sessions/${done.sessionId}`);
    expect(ok.status).toBe(204);
    expectConforms('deleteSession', ok);
    const gone = await yotiSend('DELETE', `/sessions/${done.sessionId}`);
    expect(gone.status).toBe(404);
    expectConforms('deleteSession', gone);
  });

  it('getMediaContent 204 (withheld) has no body', async () => {
    let withheld = 0;
    for (const { sessionId, session } of sandbox.truth().yoti.sessions) {
      for (const doc of (session.resources as any).id_documents) {
        for (const page of doc.pages) {
          for (const frame of page.frames ?? []) {
            const res = await yotiGet(sandbox, `/sessions/${sessionId}/media/${frame.media.id}/content`);
            if (res.status === 204) {
              withheld++;
              expect(res.bytes.byteLength).toBe(0);
              expectConforms('getMediaContent', res);
            }
          }
        }
      }
    }
    expect(withheld).toBeGreaterThan(0);
  });

  it('every notification the sandbox sent conforms to the Notification schema', async () => {
    await sandbox.webhooksSettled();
    expect(receiver.received.length).toBeGreaterThan(0);
    for (const { body } of receiver.received) {
      expect(spec.validate('yoti', '/components/schemas/Notification', JSON.parse(body))).toEqual([]);
    }
  });
});
