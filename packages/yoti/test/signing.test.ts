import { createSign, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createYotiClient, signYotiRequest, VERSION } from '../src/index.js';
import { fakeYoti, keyPair, SDK_ID } from './fake-yoti.js';
import { type LoopbackServer, startLoopbackServer } from './loopback-server.js';

const { privateKeyPem, publicKey } = keyPair();
const BASE_PATH = '/yoti/idverify/v1';
let server: LoopbackServer;
let baseUrl: string;
beforeAll(async () => {
  server = await startLoopbackServer();
  baseUrl = `${server.url}${BASE_PATH}`;
});
afterAll(() => server.close());

const ok = () => ({ status: 200, json: { session_id: 'abc', state: 'ONGOING' } });

describe('Yoti request signing', () => {
  it('signs a GET so that the server verifies it with the public key', async () => {
    const verified = fakeYoti(server, { basePath: BASE_PATH, publicKey }, ok);
    const client = createYotiClient({ baseUrl, sdkId: SDK_ID, privateKey: privateKeyPem, maxRetries: 0 });

    const session = await client.getSession('abc');

    expect(session.session_id).toBe('abc');
    expect(verified).toHaveLength(1);
    const [v] = verified;
    expect(v?.valid).toBe(true);
    expect(v?.queryKeys).toEqual(['sdkId', 'nonce', 'timestamp']);
    const q = v?.request.url.searchParams;
    expect(v?.stringToSign).toBe(
      `GET&/sessions/abc?sdkId=${SDK_ID}&nonce=${q?.get('nonce')}&timestamp=${q?.get('timestamp')}`,
    );
    expect(v?.request.headers['x-yoti-sdk']).toBe('idvkit-node');
    expect(v?.request.headers['x-yoti-sdk-version']).toBe(VERSION);
    expect(v?.request.headers.accept).toBe('application/json');
  });

  it('signs a POST with a JSON body, appending base64(body) to the string to sign', async () => {
    const verified = fakeYoti(server, { basePath: BASE_PATH, publicKey }, () => ({ status: 201, json: {} }));
    const body = JSON.stringify({
      client_session_token_ttl: 600,
      resources_ttl: 86400,
      user_tracking_id: 'ü-1',
    });
    const unsigned = new Request(`${baseUrl}/sessions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });

    const signed = await signYotiRequest(unsigned, {
      baseUrl,
      sdkId: SDK_ID,
      privateKey: privateKeyPem,
      nonce: 'a4d4f7c2-1b7e-4f0a-9d3c-2e5b6a7c8d9e',
      timestamp: Date.now(),
    });
    const response = await fetch(signed);

    expect(response.status).toBe(201);
    const [v] = verified;
    expect(v?.valid).toBe(true);
    expect(v?.request.body.toString('utf8')).toBe(body);
    expect(v?.request.headers['content-type']).toBe('application/json');
    const expected = `POST&/sessions?${new URL(signed.url).search.slice(1)}&${Buffer.from(body).toString('base64')}`;
    expect(v?.stringToSign).toBe(expected);
    // PKCS#1 v1.5 is deterministic: the digest equals an independent signature over the expected string.
    expect(signed.headers.get('X-Yoti-Auth-Digest')).toBe(
      createSign('RSA-SHA256').update(expected).sign(privateKeyPem, 'base64'),
    );
  });

  it('signs through the client transport for a POST via raw', async () => {
    const verified = fakeYoti(server, { basePath: BASE_PATH, publicKey }, () => ({ status: 200, json: {} }));
    const client = createYotiClient({ baseUrl, sdkId: SDK_ID, privateKey: privateKeyPem, maxRetries: 0 });

    // An endpoint outside this package's spec: the transport signs whatever goes through it.
    const result = await client.raw.POST(
      '/sessions/{sessionId}' as never,
      {
        params: { path: { sessionId: 'abc' } },
        body: { hello: 'world' },
      } as never,
    );

    expect((result as { response: Response }).response.status).toBe(200);
    expect(verified[0]?.valid).toBe(true);
    expect(verified[0]?.stringToSign).toMatch(/^POST&\/sessions\/abc\?sdkId=.*&eyJoZWxsbyI6IndvcmxkIn0=$/);
  });

  it('keeps existing query parameters first and adds sdkId, nonce, timestamp after them', async () => {
    const verified = fakeYoti(server, { basePath: BASE_PATH, publicKey }, ok);
    const signed = await signYotiRequest(new Request(`${baseUrl}/sessions/abc?expand=checks&x=1`), {
      baseUrl,
      sdkId: SDK_ID,
      privateKey: privateKeyPem,
    });

    await fetch(signed);

    expect(verified[0]?.valid).toBe(true);
    expect(verified[0]?.queryKeys).toEqual(['expand', 'x', 'sdkId', 'nonce', 'timestamp']);
    expect(verified[0]?.stringToSign).toMatch(/^GET&\/sessions\/abc\?expand=checks&x=1&sdkId=/);
  });

  it('signs paths relative to a base URL at the server root', async () => {
    const verified = fakeYoti(server, { basePath: '', publicKey }, ok);
    const client = createYotiClient({
      baseUrl: server.url,
      sdkId: SDK_ID,
      privateKey: privateKeyPem,
      maxRetries: 0,
    });

    await client.getSession('abc');

    expect(verified[0]?.valid).toBe(true);
    expect(verified[0]?.stringToSign).toMatch(/^GET&\/sessions\/abc\?sdkId=/);
  });

  it('fails verification when the path is tampered with', async () => {
    const verified = fakeYoti(server, { basePath: BASE_PATH, publicKey }, ok);
    const signed = await signYotiRequest(new Request(`${baseUrl}/sessions/abc`), {
      baseUrl,
      sdkId: SDK_ID,
      privateKey: privateKeyPem,
    });
    const tampered = new URL(signed.url);
    tampered.pathname = `${BASE_PATH}/sessions/someone-else`;

    const response = await fetch(tampered, { headers: signed.headers });

    expect(response.status).toBe(401);
    expect(verified[0]?.valid).toBe(false);
    // The untampered request verifies, so the failure is the path's doing.
    const digest = Buffer.from(signed.headers.get('X-Yoti-Auth-Digest') ?? '', 'base64');
    const original = `GET&/sessions/abc${new URL(signed.url).search}`;
    expect(verify('RSA-SHA256', Buffer.from(original), publicKey, digest)).toBe(true);
  });

  it('signs every retry attempt afresh with a new nonce', async () => {
    let calls = 0;
    const verified = fakeYoti(server, { basePath: BASE_PATH, publicKey }, () =>
      ++calls === 1 ? { status: 503, json: { code: 'UNAVAILABLE' } } : ok(),
    );
    const client = createYotiClient({
      baseUrl,
      sdkId: SDK_ID,
      privateKey: privateKeyPem,
      maxRetries: 1,
      initialRetryDelayMs: 1,
    });

    await client.getSession('abc');

    expect(verified.map((v) => v.valid)).toEqual([true, true]);
    const nonces = verified.map((v) => v.request.url.searchParams.get('nonce'));
    expect(new Set(nonces).size).toBe(2);
    expect(verified[1]?.queryKeys).toEqual(['sdkId', 'nonce', 'timestamp']);
  });

  it('refuses to sign a request outside the base URL', async () => {
    await expect(
      signYotiRequest(new Request(`${server.url}/elsewhere/sessions/abc`), {
        baseUrl,
        sdkId: SDK_ID,
        privateKey: privateKeyPem,
      }),
    ).rejects.toThrow(/not under the base path "\/yoti\/idverify\/v1"/);
  });
});
