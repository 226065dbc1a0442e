import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConflictError,
  type CreateSessionRequest,
  createYotiClient,
  NotFoundError,
  ServerError,
} from '../src/index.js';
import { fakeYoti, keyPair, SDK_ID } from './fake-yoti.js';
import { type LoopbackServer, startLoopbackServer } from './loopback-server.js';

const { privateKeyPem, publicKey } = keyPair();
const BASE_PATH = '/yoti/idverify/v1';
const TOKEN = '039abe07-166b-4f1d-9442-c86127d0143e';
let server: LoopbackServer;
let baseUrl: string;
beforeAll(async () => {
  server = await startLoopbackServer();
  baseUrl = `${server.url}${BASE_PATH}`;
});
afterAll(() => server.close());

const client = (maxRetries = 0) =>
  createYotiClient({ baseUrl, sdkId: SDK_ID, privateKey: privateKeyPem, maxRetries, initialRetryDelayMs: 1 });

const spec: CreateSessionRequest = {
  client_session_token_ttl: 600,
  user_tracking_id: 'user-1',
  notifications: { endpoint: 'https://example.com/hook', auth_token: 'hook-token', auth_type: 'BEARER' },
  requested_checks: [
    { type: 'ID_DOCUMENT_AUTHENTICITY' },
    { type: 'LIVENESS', config: { liveness_type: 'ZOOM' } },
  ],
};

describe('createSession', () => {
  it('POSTs the specification, signed over the body, and returns the id and token', async () => {
    const verified = fakeYoti(server, { basePath: BASE_PATH, publicKey }, () => ({
      status: 201,
      json: { session_id: 's-1', client_session_token: TOKEN, client_session_token_ttl: 599 },
    }));

    const created = await client().createSession(spec);

    expect(created).toEqual({
      session_id: 's-1',
      client_session_token: TOKEN,
      client_session_token_ttl: 599,
    });
    expect(verified).toHaveLength(1);
    expect(verified[0]?.valid).toBe(true);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url.pathname).toBe(`${BASE_PATH}/sessions`);
    expect(JSON.parse(request?.body.toString() ?? '')).toEqual(spec);
    // The string to sign ends with & + base64(body): the body is covered by the signature.
    expect(verified[0]?.stringToSign.endsWith(`&${request?.body.toString('base64')}`)).toBe(true);
    expect(request?.headers['content-type']).toMatch(/application\/json/);
  });

  it('is never retried (Yoti documents no idempotency key) and refuses one', async () => {
    fakeYoti(server, { basePath: BASE_PATH, publicKey }, () => ({ status: 503, json: { code: 'X' } }));
    await expect(client(3).createSession(spec)).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);

    await expect(client().createSession(spec, { idempotencyKey: 'k1' })).rejects.toThrow(
      /expected no `idempotencyKey`/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('a 400 names the invalid property and no secret from the request', async () => {
    fakeYoti(server, { basePath: BASE_PATH, publicKey }, () => ({
      status: 400,
      json: {
        code: 'PAYLOAD_VALIDATION',
        errors: [{ property: 'client_session_token_ttl', message: 'too low' }],
      },
    }));
    const err = (await client()
      .createSession({ ...spec, client_session_token_ttl: 10 })
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('PAYLOAD_VALIDATION');
    for (const text of [err.message, String(err.stack), JSON.stringify(err)]) {
      expect(text).not.toContain('hook-token');
      expect(text).not.toContain('sdkId=');
    }
  });
});

describe('deleteSession', () => {
  it('sends a signed DELETE and resolves on 204 or 200', async () => {
    for (const status of [204, 200]) {
      const verified = fakeYoti(server, { basePath: BASE_PATH, publicKey }, () => ({ status }));
      await expect(client().deleteSession('s-1')).resolves.toBeUndefined();
      expect(verified[0]?.valid).toBe(true);
      expect(server.requests[0]?.method).toBe('DELETE');
      expect(server.requests[0]?.url.pathname).toBe(`${BASE_PATH}/sessions/s-1`);
    }
  });

  it('throws ConflictError while checks run, NotFoundError for an unknown session', async () => {
    fakeYoti(server, { basePath: BASE_PATH, publicKey }, () => ({
      status: 409,
      json: { code: 'SESSION_LOCKED', message: 'checks are not finished' },
    }));
    const conflict = await client()
      .deleteSession('s-1')
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict).toMatchObject({ status: 409, operation: 'deleteSession' });
    expect(server.requests).toHaveLength(1);

    fakeYoti(server, { basePath: BASE_PATH, publicKey }, () => ({
      status: 404,
      json: { code: 'SESSION_NOT_FOUND' },
    }));
    await expect(client().deleteSession('gone')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('getMedia', () => {
  it('204 is a typed "withheld" result, not an error', async () => {
    fakeYoti(server, { basePath: BASE_PATH, publicKey }, () => ({ status: 204 }));
    expect(await client().getMedia('s1', 'm1')).toEqual({ withheld: true });
  });

  it('200 returns the bytes and their content type', async () => {
    fakeYoti(server, { basePath: BASE_PATH, publicKey }, () => ({
      status: 200,
      bytes: new Uint8Array([1, 2, 3]),
      headers: { 'content-type': 'image/png' },
    }));
    const media = await client().getMedia('s1', 'm1');
    expect(media.withheld).toBe(false);
    if (!media.withheld) {
      expect(media.contentType).toBe('image/png');
      expect([...media.bytes]).toEqual([1, 2, 3]);
    }
  });
});
