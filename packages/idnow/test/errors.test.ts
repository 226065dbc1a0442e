import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  createIdnowClient,
  NotFoundError,
  PKG,
  ServerError,
  VERSION,
} from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, fakeIdnow } from './fake-idnow.js';
import { type LoopbackServer, startLoopbackServer } from './loopback-server.js';

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());

const client = (clientSecret = CLIENT_SECRET) =>
  createIdnowClient({
    baseUrl: `${server.url}/idnow`,
    tokenUrl: `${server.url}/idnow-auth/oidc/token`,
    clientId: CLIENT_ID,
    clientSecret,
    maxRetries: 0,
  });

/** Every way an error can be printed or serialized. */
function renderings(err: unknown): string[] {
  const e = err as Error;
  return [
    String(err),
    e.message,
    e.stack ?? '',
    JSON.stringify(err),
    JSON.stringify({ cause: String(e.cause) }),
  ];
}

describe('errors', () => {
  it('throws a NotFoundError carrying provider, operation, status, request id and parsed body', async () => {
    const body = { code: 'SESSION_NOT_FOUND', message: 'Session not found' };
    fakeIdnow(server, () => ({ status: 404, json: body, headers: { 'x-request-id': 'req-404-abc' } }));

    const err = await client()
      .getSession('live', 'missing')
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as NotFoundError;
    expect(e.provider).toBe('idnow');
    expect(e.operation).toBe('getSession');
    expect(e.status).toBe(404);
    expect(e.requestId).toBe('req-404-abc');
    expect(e.body).toEqual(body);
    expect(e.message).toContain('Session not found');
  });

  it('names the operation on list errors', async () => {
    fakeIdnow(server, () => ({ status: 503, json: { message: 'maintenance' } }));

    const err = await client()
      .listSessions({ flowId: 'flow-1', environment: 'live' })
      .toArray()
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ServerError);
    expect(err).toMatchObject({ provider: 'idnow', operation: 'listSessions', status: 503 });
  });

  it('never puts the client secret in an error from the token endpoint', async () => {
    const wrongSecret = 'wrong-secret-that-must-stay-hidden';
    fakeIdnow(server, () => ({ status: 200, json: {} }));

    const err = await client(wrongSecret)
      .getSession('live', 'session-1')
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as AuthenticationError).operation).toBe('createToken');
    const basic = Buffer.from(`${CLIENT_ID}:${wrongSecret}`).toString('base64');
    for (const text of renderings(err)) {
      expect(text).not.toContain(wrongSecret);
      expect(text).not.toContain(basic);
    }
  });

  it('never puts the client secret or token in an API error', async () => {
    fakeIdnow(server, () => ({ status: 404, json: { message: 'nope' } }));

    const err = await client()
      .getSession('live', 'session-1')
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(NotFoundError);
    for (const text of renderings(err)) {
      expect(text).not.toContain(CLIENT_SECRET);
      expect(text).not.toContain('tok-1');
    }
  });

  it('keeps PKG and VERSION in step with package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect([PKG, VERSION]).toEqual([pkg.name, pkg.version]);
  });
});
