import { createHmac } from 'node:crypto';
import { type JWTPayload, SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyWebhook, WebhookVerificationError } from '../src/index.js';
import { refusedUrl, rsaKey, startJwksServer, type TestKey } from './jwks-server.js';

const KEY_A = rsaKey('idnow-2025-01');
const KEY_B = rsaKey('idnow-2025-02');
const KEY_C = rsaKey('idnow-2025-03');

const EVENT = {
  eventId: '0197c560-0000-7e3d-af9b-f2359b134be8',
  eventVersion: '1',
  eventName: 'session.completed',
  eventDeliverId: '0197c560-0001-7e3d-af9b-f2359b134be8',
  eventSequence: 5,
  createdAt: '2025-01-07T10:35:00.000Z',
  environment: 'live',
  payload: { flowId: 'flow-1', sessionId: 'sess-1', sessionStatus: 'COMPLETED' },
};
const ISSUER = 'https://auth.eu.platform.idnow.io';
const AUDIENCE = 'my-webhook-receiver';
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Signs a webhook JWT in the test (jose), independently of the code under test. */
const sign = (
  key: TestKey,
  claims: JWTPayload = {},
  opts: { kid?: string | null; exp?: number | null; alg?: string } = {},
) => {
  const now = nowSeconds();
  const payload: JWTPayload = { iss: ISSUER, aud: AUDIENCE, iat: now, data: EVENT, ...claims };
  if (opts.exp !== null) payload.exp = opts.exp ?? now + 300;
  const header: { alg: string; typ: string; kid?: string } = { alg: opts.alg ?? 'RS256', typ: 'JWT' };
  if (opts.kid !== null) header.kid = opts.kid ?? key.kid;
  return new SignJWT(payload).setProtectedHeader(header).sign(key.privateKey);
};

const failure = async (promise: Promise<unknown>) => {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WebhookVerificationError);
  return err as WebhookVerificationError;
};

const servers: { close: () => Promise<void> }[] = [];
const jwks = async (...args: Parameters<typeof startJwksServer>) => {
  const server = await startJwksServer(...args);
  servers.push(server);
  return server;
};
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('idnow verifyWebhook: valid deliveries', () => {
  it('accepts a JWT body (application/jwt) and returns the data claim', async () => {
    const server = await jwks({ keys: [KEY_A] });
    const body = await sign(KEY_A);
    const event = await verifyWebhook(
      { body, headers: { 'content-type': 'application/jwt' } },
      { jwksUrl: server.url, issuer: ISSUER, audience: AUDIENCE },
    );
    expect(event).toEqual(EVENT);
  });

  it('accepts the JWT in X-Idnow-Signature (the other documented form), ignoring the unsigned body', async () => {
    const server = await jwks({ keys: [KEY_A] });
    const token = await sign(KEY_A);
    const forgedBody = JSON.stringify({ ...EVENT, eventName: 'session.forged' });
    const event = await verifyWebhook(
      { body: forgedBody, headers: { 'X-IDNOW-SIGNATURE': [token] } },
      { jwksUrl: server.url },
    );
    expect(event.eventName).toBe('session.completed');
  });

  it('accepts bytes with surrounding whitespace, and a token without kid when the set has one key', async () => {
    const server = await jwks({ keys: [KEY_A] });
    const body = new TextEncoder().encode(`${await sign(KEY_A, {}, { kid: null })}\n`);
    await expect(verifyWebhook({ body, headers: {} }, { jwksUrl: server.url })).resolves.toEqual(EVENT);
  });

  it('fetches the key set once for many deliveries (cached per jwksUrl)', async () => {
    const server = await jwks({ keys: [KEY_A] });
    for (let i = 0; i < 3; i++) {
      await verifyWebhook({ body: await sign(KEY_A), headers: {} }, { jwksUrl: server.url });
    }
    // Another URL (another path on the same host) has its own set.
    await verifyWebhook(
      { body: await sign(KEY_A), headers: {} },
      { jwksUrl: `${server.base}/other/jwks.json` },
    );
    expect(server.paths).toEqual(['/oidc/.well-known/jwks.json', '/other/jwks.json']);
  });

  it('fetches concurrent first deliveries with one request', async () => {
    const server = await jwks({ keys: [KEY_A] });
    const tokens = await Promise.all([1, 2, 3, 4].map(() => sign(KEY_A)));
    await Promise.all(tokens.map((body) => verifyWebhook({ body, headers: {} }, { jwksUrl: server.url })));
    expect(server.count()).toBe(1);
  });

  it('uses an injected fetch for the key set', async () => {
    const server = await jwks({ keys: [KEY_A] });
    const seen: string[] = [];
    const fetchSpy: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    await verifyWebhook({ body: await sign(KEY_A), headers: {} }, { jwksUrl: server.url, fetch: fetchSpy });
    expect(seen).toEqual([server.url]);
    expect(server.count()).toBe(1);
  });
});

describe('idnow verifyWebhook: key rotation', () => {
  it('refetches once for an unknown kid after the cooldown, finds it, and does not refetch again within a minute', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
    const server = await jwks({ keys: [KEY_A] });
    const options = { jwksUrl: server.url };
    await verifyWebhook({ body: await sign(KEY_A), headers: {} }, options);
    expect(server.count()).toBe(1);

    // IDnow rotates: B is published. Over a minute after the last fetch, a token signed by B refetches once.
    server.serve({ keys: [KEY_A, KEY_B] });
    vi.setSystemTime(new Date('2026-03-01T12:01:01Z'));
    await expect(verifyWebhook({ body: await sign(KEY_B), headers: {} }, options)).resolves.toEqual(EVENT);
    expect(server.count()).toBe(2);

    // A second unknown kid within the minute: no refetch, unknown_key.
    server.serve({ keys: [KEY_A, KEY_B, KEY_C] });
    vi.setSystemTime(new Date('2026-03-01T12:01:30Z'));
    const err = await failure(verifyWebhook({ body: await sign(KEY_C), headers: {} }, options));
    expect(err.reason).toBe('unknown_key');
    expect(server.count()).toBe(2);
    // Known keys keep working without a fetch.
    await verifyWebhook({ body: await sign(KEY_B), headers: {} }, options);
    expect(server.count()).toBe(2);

    // After the cooldown, C is found.
    vi.setSystemTime(new Date('2026-03-01T12:02:02Z'));
    await expect(verifyWebhook({ body: await sign(KEY_C), headers: {} }, options)).resolves.toEqual(EVENT);
    expect(server.count()).toBe(3);
  });

  it('rejects a kid the refreshed set does not hold either', async () => {
    const server = await jwks({ keys: [KEY_A] });
    const err = await failure(
      verifyWebhook({ body: await sign(KEY_B), headers: {} }, { jwksUrl: server.url }),
    );
    expect(err.reason).toBe('unknown_key');
    expect(err.message).toContain(server.url);
  });
});

describe('idnow verifyWebhook: rejected deliveries', () => {
  it.each<[string, () => Promise<string>, string]>([
    [
      'signed by another key under a published kid',
      () => sign(KEY_B, {}, { kid: KEY_A.kid }),
      'bad_signature',
    ],
    [
      'a tampered payload',
      async () => {
        const [h, , s] = (await sign(KEY_A)).split('.');
        const forged = Buffer.from(
          JSON.stringify({ exp: nowSeconds() + 300, data: { ...EVENT, eventName: 'x' } }),
        ).toString('base64url');
        return `${h}.${forged}.${s}`;
      },
      'bad_signature',
    ],
    [
      'an HS256 token (alg confusion)',
      async () => {
        const header = Buffer.from(JSON.stringify({ alg: 'HS256', kid: KEY_A.kid })).toString('base64url');
        const payload = Buffer.from(JSON.stringify({ exp: nowSeconds() + 300, data: EVENT })).toString(
          'base64url',
        );
        const mac = createHmac('sha256', 'guess').update(`${header}.${payload}`).digest('base64url');
        return `${header}.${payload}.${mac}`;
      },
      'bad_signature',
    ],
    [
      'an expired token',
      () => sign(KEY_A, { iat: nowSeconds() - 600 }, { exp: nowSeconds() - 10 }),
      'stale_timestamp',
    ],
    ['a token not valid yet (nbf)', () => sign(KEY_A, { nbf: nowSeconds() + 120 }), 'stale_timestamp'],
    ['a token without exp', () => sign(KEY_A, {}, { exp: null }), 'claim_mismatch'],
    ['another issuer', () => sign(KEY_A, { iss: 'https://attacker.example' }), 'claim_mismatch'],
    ['another audience', () => sign(KEY_A, { aud: 'someone-else' }), 'claim_mismatch'],
    ['no data claim', () => sign(KEY_A, { data: undefined }), 'malformed'],
    [
      'a data claim without eventId',
      () => sign(KEY_A, { data: { eventName: 'session.completed' } }),
      'malformed',
    ],
    ['a body that is JSON, not a JWT', async () => JSON.stringify(EVENT), 'malformed'],
    ['an empty body and no header', async () => '', 'missing_signature'],
  ])('rejects %s', async (_name, body, reason) => {
    const server = await jwks({ keys: [KEY_A, KEY_B] });
    const err = await failure(
      verifyWebhook(
        { body: await body(), headers: {} },
        { jwksUrl: server.url, issuer: ISSUER, audience: AUDIENCE },
      ),
    );
    expect(err.reason).toBe(reason);
    expect(err.provider).toBe('idnow');
  });

  it('accepts an expired token within clockToleranceSeconds, and checks exp against `now`', async () => {
    const server = await jwks({ keys: [KEY_A] });
    const body = await sign(KEY_A, {}, { exp: nowSeconds() - 10 });
    await expect(
      verifyWebhook({ body, headers: {} }, { jwksUrl: server.url, clockToleranceSeconds: 30 }),
    ).resolves.toEqual(EVENT);
    const past = new Date(Date.now() - 60_000);
    await expect(verifyWebhook({ body, headers: {} }, { jwksUrl: server.url, now: past })).resolves.toEqual(
      EVENT,
    );
  });

  it('rejects two different X-Idnow-Signature values', async () => {
    const server = await jwks({ keys: [KEY_A] });
    const headers = { 'x-idnow-signature': [await sign(KEY_A), await sign(KEY_A, { iat: 1 })] };
    expect((await failure(verifyWebhook({ body: '', headers }, { jwksUrl: server.url }))).reason).toBe(
      'malformed',
    );
  });

  it('refuses a jwksUrl that is not a URL with a TypeError', async () => {
    await expect(verifyWebhook({ body: 'x', headers: {} }, { jwksUrl: 'auth.idnow/jwks' })).rejects.toThrow(
      /expected `jwksUrl` to be an absolute URL, received "auth.idnow\/jwks"/,
    );
  });
});

describe('idnow verifyWebhook: key set unavailable', { timeout: 15_000 }, () => {
  it('connection refused → jwks_unavailable', async () => {
    const url = await refusedUrl();
    const err = await failure(verifyWebhook({ body: await sign(KEY_A), headers: {} }, { jwksUrl: url }));
    expect(err.reason).toBe('jwks_unavailable');
    expect(err.message).toMatch(
      /expected the key set at http:\/\/127\.0\.0\.1:\d+\/oidc\/\.well-known\/jwks\.json, but the request failed/,
    );
  });

  it('a server that never answers → jwks_unavailable after the timeout, and nothing hangs', async () => {
    const server = await jwks('hang');
    const err = await failure(
      verifyWebhook({ body: await sign(KEY_A), headers: {} }, { jwksUrl: server.url, jwksTimeoutMs: 200 }),
    );
    expect(err.reason).toBe('jwks_unavailable');
    expect(err.message).toContain('timed out');
    expect(server.count()).toBe(1);
  });

  it.each([
    ['a 500', 'status-500' as const, /Expected 200 OK/],
    ['HTML', 'not-json' as const, /JSON/],
    ['JSON that is not a key set', 'not-a-jwks' as const, /not a JSON Web Key Set/],
  ])('%s from the JWKS endpoint → jwks_unavailable', async (_name, mode, message) => {
    const server = await jwks(mode);
    const err = await failure(
      verifyWebhook({ body: await sign(KEY_A), headers: {} }, { jwksUrl: server.url }),
    );
    expect(err.reason).toBe('jwks_unavailable');
    expect(err.message).toMatch(message);
  });

  it('does not cache a failure: the next delivery fetches again and succeeds', async () => {
    const server = await jwks('status-500');
    const options = { jwksUrl: server.url };
    expect((await failure(verifyWebhook({ body: await sign(KEY_A), headers: {} }, options))).reason).toBe(
      'jwks_unavailable',
    );
    server.serve({ keys: [KEY_A] });
    await expect(verifyWebhook({ body: await sign(KEY_A), headers: {} }, options)).resolves.toEqual(EVENT);
    expect(server.count()).toBe(2);
  });

  it('an HS256 or malformed token never triggers a key-set fetch', async () => {
    const server = await jwks({ keys: [KEY_A] });
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', kid: KEY_A.kid })).toString('base64url');
    const hs256 = `${header}.${Buffer.from('{}').toString('base64url')}.c2ln`;
    expect((await failure(verifyWebhook({ body: hs256, headers: {} }, { jwksUrl: server.url }))).reason).toBe(
      'bad_signature',
    );
    await failure(verifyWebhook({ body: 'a.b.c', headers: {} }, { jwksUrl: server.url }));
    await failure(verifyWebhook({ body: 'not a jwt', headers: {} }, { jwksUrl: server.url }));
    expect(server.count()).toBe(0);
  });
});
