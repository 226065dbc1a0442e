import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, createIdnowClient } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, completedSession, fakeIdnow } from './fake-idnow.js';
import { type LoopbackServer, startLoopbackServer } from './loopback-server.js';

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());

function client(extra: { token?: string } = {}) {
  return createIdnowClient({
    baseUrl: `${server.url}/idnow`,
    tokenUrl: `${server.url}/idnow-auth/oidc/token`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    maxRetries: 0,
    ...extra,
  });
}

const sessionOk = () => ({ status: 200, json: completedSession });

describe('IDnow client-credentials auth', () => {
  it('sends the token from the token endpoint as a bearer token', async () => {
    const idnow = fakeIdnow(server, sessionOk);
    const session = await client().getSession('live', 'session-1');

    expect(session.sessionId).toBe('session-1');
    const [tokenRequest] = idnow.tokenRequests();
    expect(tokenRequest?.method).toBe('POST');
    expect(tokenRequest?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(tokenRequest?.body).get('grant_type')).toBe('client_credentials');
    const [apiRequest] = idnow.apiRequests();
    expect(apiRequest?.url.pathname).toBe('/idnow/api/v1/live/sessions/session-1');
    expect(apiRequest?.headers.authorization).toBe('Bearer tok-1');
  });

  it('fetches the token lazily and reuses it for later calls', async () => {
    const idnow = fakeIdnow(server, sessionOk);
    const c = client();
    expect(idnow.tokenRequests()).toHaveLength(0);

    for (let i = 0; i < 4; i++) await c.getSession('live', `session-${i}`);

    expect(idnow.tokenRequests()).toHaveLength(1);
    expect(idnow.apiRequests()).toHaveLength(4);
    expect(new Set(idnow.apiRequests().map((r) => r.headers.authorization))).toEqual(
      new Set(['Bearer tok-1']),
    );
  });

  it('shares one token request between concurrent first calls', async () => {
    const idnow = fakeIdnow(server, sessionOk);
    const c = client();

    const sessions = await Promise.all([1, 2, 3, 4, 5].map((i) => c.getSession('live', `session-${i}`)));

    expect(sessions).toHaveLength(5);
    expect(idnow.tokenRequests()).toHaveLength(1);
    expect(idnow.apiRequests()).toHaveLength(5);
  });

  it('gets a new token once after a 401 and succeeds', async () => {
    const idnow = fakeIdnow(server, sessionOk);
    const c = client();
    await c.getSession('live', 'session-1');
    idnow.valid.clear(); // the server revokes tok-1

    const session = await c.getSession('live', 'session-1');

    expect(session.sessionStatus).toBe('COMPLETED');
    expect(idnow.issued).toEqual(['tok-1', 'tok-2']);
    expect(idnow.apiRequests().map((r) => r.headers.authorization)).toEqual([
      'Bearer tok-1',
      'Bearer tok-1',
      'Bearer tok-2',
    ]);
  });

  it('surfaces AuthenticationError when the refreshed token is rejected too', async () => {
    const idnow = fakeIdnow(server, () => ({ status: 401, json: { error: 'invalid_token' } }));

    const err = await client()
      .getSession('live', 'session-1')
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ provider: 'idnow', operation: 'getSession', status: 401 });
    expect(idnow.tokenRequests()).toHaveLength(2);
    expect(idnow.apiRequests()).toHaveLength(2);
  });

  it('uses a static token without calling the token endpoint', async () => {
    const idnow = fakeIdnow(server, sessionOk);
    idnow.valid.add('static-token');
    const c = createIdnowClient({ baseUrl: `${server.url}/idnow`, token: 'static-token', maxRetries: 0 });

    await c.getSession('live', 'session-1');
    await c.getDatablocks('live', 'session-1');

    expect(idnow.tokenRequests()).toHaveLength(0);
    expect(idnow.apiRequests().map((r) => r.headers.authorization)).toEqual([
      'Bearer static-token',
      'Bearer static-token',
    ]);
  });

  it('refuses options without a token or client credentials', () => {
    expect(() => createIdnowClient({ clientId: CLIENT_ID })).toThrow(/expected either `token` or both/);
  });
});
