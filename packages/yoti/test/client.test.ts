import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, createYotiClient, NotFoundError, PKG, VERSION } from '../src/index.js';
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

const client = (privateKey = privateKeyPem) =>
  createYotiClient({ baseUrl, sdkId: SDK_ID, privateKey, maxRetries: 0 });

/** Every way an error can be printed or serialized. */
function renderings(err: unknown): string[] {
  const e = err as Error;
  return [String(err), e.message, e.stack ?? '', JSON.stringify(err), String(e.cause)];
}

/** Distinctive pieces of the key's base64 body (any one leaking would be a leak). */
const keyLines = (pem: string) => pem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));

describe('getSession', () => {
  it('returns the documented session shape', async () => {
    const session = {
      session_id: '1c3cae90-1769-43a9-8554-d85f2e7cdb0f',
      state: 'COMPLETED',
      client_session_token: '039abe07-166b-4f1d-9442-c86127d0143e',
      resources: { id_documents: [], liveness_capture: [] },
      checks: [
        {
          id: 'c1',
          type: 'LIVENESS',
          state: 'DONE',
          resources_used: ['r1'],
          generated_media: [],
          report: { recommendation: { value: 'REJECT', reason: 'LIVENESS_FAILED' }, breakdown: [] },
        },
      ],
    };
    fakeYoti(server, { basePath: BASE_PATH, publicKey }, () => ({ status: 200, json: session }));

    const result = await client().getSession('1c3cae90-1769-43a9-8554-d85f2e7cdb0f');

    expect(result.checks?.[0]?.report?.recommendation?.value).toBe('REJECT');
    expect(server.requests[0]?.url.pathname).toBe(
      `${BASE_PATH}/sessions/1c3cae90-1769-43a9-8554-d85f2e7cdb0f`,
    );
  });

  it('throws a NotFoundError with the parsed Yoti error body and request id', async () => {
    const body = { code: 'SESSION_NOT_FOUND', message: 'The session could not be found' };
    fakeYoti(server, { basePath: BASE_PATH, publicKey }, () => ({
      status: 404,
      json: body,
      headers: { 'x-request-id': 'yoti-req-1' },
    }));

    const err = await client()
      .getSession('missing')
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({
      provider: 'yoti',
      operation: 'getSession',
      status: 404,
      requestId: 'yoti-req-1',
    });
    expect((err as NotFoundError).body).toEqual(body);
    // The signed query (sdkId, nonce, timestamp) never reaches error messages.
    for (const text of renderings(err)) expect(text).not.toMatch(/sdkId|nonce=|timestamp=/);
  });
});

describe('getMediaContent', () => {
  it('returns the bytes and content type', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]);
    fakeYoti(server, { basePath: BASE_PATH, publicKey }, () => ({
      status: 200,
      bytes: jpeg,
      headers: { 'content-type': 'image/jpeg' },
    }));

    const media = await client().getMediaContent('s1', 'm1');

    expect(media?.contentType).toBe('image/jpeg');
    expect([...(media?.bytes ?? [])]).toEqual([...jpeg]);
    expect(server.requests[0]?.url.pathname).toBe(`${BASE_PATH}/sessions/s1/media/m1/content`);
  });

  it('returns null on 204 No Content', async () => {
    fakeYoti(server, { basePath: BASE_PATH, publicKey }, () => ({ status: 204 }));

    expect(await client().getMediaContent('s1', 'm1')).toBeNull();
  });

  it('throws the typed error for a missing media item', async () => {
    fakeYoti(server, { basePath: BASE_PATH, publicKey }, () => ({
      status: 404,
      json: { code: 'MEDIA_NOT_FOUND' },
    }));

    const err = await client()
      .getMediaContent('s1', 'gone')
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ operation: 'getMediaContent', body: { code: 'MEDIA_NOT_FOUND' } });
  });
});

describe('private key handling', () => {
  it('reads privateKeyPath once, when the client is created', async () => {
    fakeYoti(server, { basePath: BASE_PATH, publicKey }, () => ({
      status: 200,
      json: { session_id: 'a', state: 'ONGOING' },
    }));
    const dir = mkdtempSync(join(tmpdir(), 'idvkit-yoti-'));
    const file = join(dir, 'key.pem');
    writeFileSync(file, privateKeyPem);
    const c = createYotiClient({ baseUrl, sdkId: SDK_ID, privateKeyPath: file, maxRetries: 0 });
    rmSync(dir, { recursive: true });

    const session = await c.getSession('a');

    expect(session.state).toBe('ONGOING');
  });

  it('rejects an invalid PEM with a clear error that does not contain the key', () => {
    const broken = privateKeyPem.slice(0, Math.floor(privateKeyPem.length / 2));
    const err = (() => {
      try {
        client(broken);
      } catch (e) {
        return e;
      }
    })();

    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toMatch(/expected a PEM-encoded RSA private key/);
    for (const text of renderings(err)) for (const line of keyLines(broken)) expect(text).not.toContain(line);
  });

  it('rejects a public key given as the private key', () => {
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => client(publicPem)).toThrow(/expected a PEM-encoded RSA private key/);
  });

  it('never puts the private key in an API error', async () => {
    fakeYoti(server, { basePath: BASE_PATH, publicKey }, () => ({ status: 200, json: {} }));
    const other = keyPair().privateKeyPem; // signs with the wrong key: the server answers 401

    const err = await client(other)
      .getSession('abc')
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
    for (const text of renderings(err)) for (const line of keyLines(other)) expect(text).not.toContain(line);
  });

  it('requires exactly one of privateKey and privateKeyPath', () => {
    expect(() => createYotiClient({ baseUrl, sdkId: SDK_ID })).toThrow(/received neither/);
    expect(() =>
      createYotiClient({ baseUrl, sdkId: SDK_ID, privateKey: privateKeyPem, privateKeyPath: '/x' }),
    ).toThrow(/received both/);
  });

  it('keeps PKG and VERSION in step with package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect([PKG, VERSION]).toEqual([pkg.name, pkg.version]);
  });
});
