import { afterEach, describe, expect, it } from 'vitest';
import { AuthenticationError, clientCredentialsAuth, createHttpFetch } from '../src/index.js';
import { json, loopback } from './loopback.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
});

describe('clientCredentialsAuth', () => {
  it('fetches one token lazily for concurrent callers, refreshes once on 401', async () => {
    let issued = 0;
    let valid = new Set<string>();
    const server = await loopback((req, res) => {
      if (req.url === '/token') {
        issued += 1;
        const token = `t${issued}`;
        valid.add(token);
        const basic = Buffer.from(String(req.headers.authorization).slice(6), 'base64').toString();
        if (basic !== 'cid:s3cr%3At') return json(res, 401, { error: 'invalid_client' });
        return setTimeout(
          () => json(res, 200, { access_token: token, expires_in: 3600, token_type: 'Bearer' }),
          30,
        );
      }
      const token = String(req.headers.authorization).replace('Bearer ', '');
      if (!valid.has(token)) return json(res, 401, { message: 'expired' });
      json(res, 200, { ok: token });
    });
    close = server.close;
    const auth = clientCredentialsAuth({
      tokenUrl: `${server.url}/token`,
      clientId: 'cid',
      clientSecret: 's3cr:t',
    });
    const http = createHttpFetch({ provider: 'idp', userAgent: 't', auth });
    expect(auth.tokenRequests()).toBe(0);
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => http(new Request(`${server.url}/api`)).then((r) => r.json())),
    );
    expect(results).toEqual([1, 2, 3, 4].map(() => ({ ok: 't1' })));
    expect(auth.tokenRequests()).toBe(1);

    valid = new Set(); // the server revokes every token
    const after = await http(new Request(`${server.url}/api`)).then((r) => r.json());
    expect(after).toEqual({ ok: 't2' });
    expect(auth.tokenRequests()).toBe(2);
  });

  it.each([
    // expires_in (s), token requests for 10 API calls. Before the proportional skew, a lifetime of 60 s or less
    // was "expiring" on arrival and every call fetched a new token.
    [3600, 1],
    [60, 1],
    [30, 1],
    [5, 1],
    [0, 10], // already expired: fetched each time, never reused
  ])('a token with expires_in %i s: %i token request(s) for 10 API calls', async (expiresIn, want) => {
    let issued = 0;
    const server = await loopback((req, res) => {
      if (req.url === '/token') {
        issued += 1;
        return json(res, 200, { access_token: `t${issued}`, expires_in: expiresIn, token_type: 'Bearer' });
      }
      json(res, 200, { auth: req.headers.authorization });
    });
    close = server.close;
    const auth = clientCredentialsAuth({ tokenUrl: `${server.url}/token`, clientId: 'c', clientSecret: 's' });
    const http = createHttpFetch({ provider: 'idp', userAgent: 't', auth });
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      seen.push((await http(new Request(`${server.url}/api`)).then((r) => r.json())).auth);
    }
    expect(auth.tokenRequests()).toBe(want);
    expect(issued).toBe(want);
    expect(new Set(seen).size).toBe(want);
  });

  it('surfaces a rejected secret as AuthenticationError without the secret', async () => {
    const server = await loopback((_req, res) => json(res, 401, { error: 'invalid_client' }));
    close = server.close;
    const auth = clientCredentialsAuth({
      tokenUrl: `${server.url}/token`,
      clientId: 'cid',
      clientSecret: 'TOPSECRET',
      provider: 'idnow',
    });
    const err = await auth.getToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    // Through the transport: surfaced as-is, not retried as a network failure.
    const http = createHttpFetch({ provider: 'idnow', userAgent: 't', auth, initialRetryDelayMs: 1 });
    await expect(http(new Request(`${server.url}/api`))).rejects.toBeInstanceOf(AuthenticationError);
    expect(auth.tokenRequests()).toBe(2);
    expect(`${String(err)} ${JSON.stringify(err)}`).not.toContain('TOPSECRET');
  });
});
