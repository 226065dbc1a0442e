import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiConnectionError,
  ApiTimeoutError,
  AuthenticationError,
  createHttpFetch,
  createOpenApiClient,
  headerAuth,
  NotFoundError,
  RateLimitError,
  type RequestEvent,
  ServerError,
  unwrap,
} from '../src/index.js';
import { json, loopback } from './loopback.js';

const SECRET = 'sk_live_super_secret_value_123';
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

type Paths = {
  '/things/{id}': {
    get: {
      parameters: { path: { id: string } };
      responses: {
        200: { content: { 'application/json': { id: string } } };
        default: { content: { 'application/json': unknown } };
      };
    };
  };
};

async function client(
  handler: Parameters<typeof loopback>[0],
  opts: Parameters<typeof createHttpFetch>[0] | object = {},
) {
  const server = await loopback(handler);
  close = server.close;
  const events: RequestEvent[] = [];
  const http = createHttpFetch({
    provider: 'acme',
    userAgent: 'test/1',
    auth: headerAuth({ 'X-API-Key': SECRET }),
    initialRetryDelayMs: 5,
    maxRetryDelayMs: 20,
    onRequest: (e) => events.push(e),
    ...opts,
  });
  const raw = createOpenApiClient<Paths>({ provider: 'acme', baseUrl: `${server.url}/v1/`, fetch: http });
  const get = (id: string) =>
    unwrap('acme', 'getThing', () => raw.GET('/things/{id}', { params: { path: { id } } }));
  return { server, get, events };
}

describe('createHttpFetch retries', () => {
  it('retries 503 then succeeds, with auth, user agent and a normalized base URL', async () => {
    const seen: Array<{ url?: string; key?: string; ua?: string }> = [];
    const { server, get, events } = await client((req, res, n) => {
      seen.push({ url: req.url, key: req.headers['x-api-key'] as string, ua: req.headers['user-agent'] });
      if (n === 1) return json(res, 503, { message: 'busy' });
      json(res, 200, { id: 'a' });
    });
    await expect(get('a')).resolves.toEqual({ id: 'a' });
    expect(server.count()).toBe(2);
    expect(seen[1]).toEqual({ url: '/v1/things/a', key: SECRET, ua: 'test/1' });
    expect(events.map((e) => e.status)).toEqual([503, 200]);
    expect(events[0]?.retryInMs).toBeGreaterThan(0);
  });

  it('honours Retry-After seconds on 429 (and waits at least that long)', async () => {
    const times: number[] = [];
    const { get, events } = await client((_req, res, n) => {
      times.push(Date.now());
      if (n === 1) return json(res, 429, { type: 'rate_limit_exceeded' }, { 'retry-after': '1' });
      json(res, 200, { id: 'b' });
    });
    await expect(get('b')).resolves.toEqual({ id: 'b' });
    expect(events[0]?.retryInMs).toBe(1000);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(990);
  });

  it('honours retry-after-ms and an HTTP-date Retry-After, capped by maxRetryAfterMs', async () => {
    const { get, events } = await client(
      (_req, res, n) => {
        if (n === 1) return json(res, 429, {}, { 'retry-after-ms': '30' });
        if (n === 2)
          return json(res, 429, {}, { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() });
        json(res, 200, { id: 'c' });
      },
      { maxRetryAfterMs: 50 },
    );
    await expect(get('c')).resolves.toEqual({ id: 'c' });
    expect(events.map((e) => e.retryInMs)).toEqual([30, 50, undefined]);
  });

  it('backs off with jitter on 429 without Retry-After and gives up with RateLimitError', async () => {
    const { server, get, events } = await client(
      (_req, res) => json(res, 429, { type: 'rate_limit_exceeded', message: 'slow down' }),
      {
        maxRetries: 2,
      },
    );
    const err = await get('d').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(server.count()).toBe(3);
    const delays = events.slice(0, 2).map((e) => e.retryInMs!);
    expect(delays[0]).toBeGreaterThanOrEqual(2.5);
    expect(delays[0]).toBeLessThanOrEqual(5);
    expect(delays[1]).toBeGreaterThanOrEqual(5);
    expect(delays[1]).toBeLessThanOrEqual(10);
  });

  it('waits for X-RateLimit-Reset when the quota is used up', async () => {
    const times: number[] = [];
    const { get } = await client((_req, res, n) => {
      times.push(Date.now());
      const reset = String(Math.ceil(Date.now() / 1000) + 1);
      if (n === 1)
        return json(res, 200, { id: 'x' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset });
      json(res, 200, { id: 'y' });
    });
    await get('x');
    await get('y');
    const resetAt = Math.ceil(times[0]! / 1000 + 1) * 1000;
    expect(times[1]!).toBeGreaterThanOrEqual(resetAt - 20);
  });

  it('retries a connection reset, then reports ApiConnectionError with the operation', async () => {
    const { server, get } = await client((req) => req.socket.destroy(), { maxRetries: 1 });
    const err = (await get('e').catch((e: unknown) => e)) as ApiConnectionError;
    expect(err).toBeInstanceOf(ApiConnectionError);
    expect(err.operation).toBe('getThing');
    expect(err.message).toMatch(
      /^acme getThing: GET http:\/\/127\.0\.0\.1:\d+\/v1\/things\/e failed after 2 attempts/,
    );
    expect(server.count()).toBe(2);
  });

  it('times out each attempt separately and then throws ApiTimeoutError', async () => {
    const { server, get } = await client(() => undefined, { timeoutMs: 100, maxRetries: 1 });
    const err = await get('f').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiTimeoutError);
    expect(server.count()).toBe(2);
  });

  it('recovers when the first attempt hangs and the second answers', async () => {
    const { get } = await client((_req, res, n) => (n === 1 ? undefined : json(res, 200, { id: 'g' })), {
      timeoutMs: 100,
    });
    await expect(get('g')).resolves.toEqual({ id: 'g' });
  });

  it("stops at once when the caller's signal aborts", async () => {
    const server = await loopback(() => undefined);
    close = server.close;
    const http = createHttpFetch({ provider: 'acme', userAgent: 't' });
    const ctrl = new AbortController();
    const p = http(new Request(`${server.url}/x`, { signal: ctrl.signal }));
    setTimeout(() => ctrl.abort(new Error('caller gave up')), 50);
    await expect(p).rejects.toThrow('caller gave up');
    expect(server.count()).toBe(1);
  });

  it('does not retry POST by default', async () => {
    const server = await loopback((_req, res) => json(res, 503, {}));
    close = server.close;
    const http = createHttpFetch({ provider: 'acme', userAgent: 't', initialRetryDelayMs: 1 });
    const res = await http(new Request(`${server.url}/x`, { method: 'POST', body: '{}' }));
    expect(res.status).toBe(503);
    expect(server.count()).toBe(1);
  });
});

describe('typed errors', () => {
  it('carries provider, operation, status, request id and parsed body, and no secret', async () => {
    const { get } = await client((_req, res) =>
      json(res, 404, { error: 'not_found', detail: 'no such thing' }, { 'x-request-id': 'req_42' }),
    );
    const err = (await get('h').catch((e: unknown) => e)) as NotFoundError;
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({
      provider: 'acme',
      operation: 'getThing',
      status: 404,
      requestId: 'req_42',
      method: 'GET',
    });
    expect(err.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/things\/h$/);
    expect(err.body).toEqual({ error: 'not_found', detail: 'no such thing' });
    expect(err.message).toContain('not_found - no such thing');
    for (const text of [err.message, String(err), JSON.stringify(err), err.stack ?? ''])
      expect(text).not.toContain(SECRET);
  });

  it('maps 401 to AuthenticationError and 500 to ServerError', async () => {
    const a = await client((_req, res) => json(res, 401, { message: 'bad key' }));
    await expect(a.get('i')).rejects.toBeInstanceOf(AuthenticationError);
    await close?.();
    const b = await client((_req, res) => json(res, 500, {}), { maxRetries: 0 });
    await expect(b.get('j')).rejects.toBeInstanceOf(ServerError);
  });

  it('strips the query string (which may carry signatures) from error URLs', async () => {
    const server = await loopback((_req, res) => json(res, 400, { message: 'nope' }));
    close = server.close;
    const http = createHttpFetch({ provider: 'acme', userAgent: 't' });
    const raw = createOpenApiClient<Paths>({ provider: 'acme', baseUrl: server.url, fetch: http });
    const err = await unwrap('acme', 'getThing', () =>
      raw.GET('/things/{id}', { params: { path: { id: 'k' }, query: { token: SECRET } as never } }),
    ).catch((e: unknown) => e);
    expect(String(err)).not.toContain(SECRET);
    expect(JSON.stringify(err)).not.toContain(SECRET);
  });
});
