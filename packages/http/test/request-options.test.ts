import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiAbortError,
  ApiConnectionError,
  ApiTimeoutError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createHttpFetch,
  createOpenApiClient,
  headerAuth,
  PermissionDeniedError,
  type RequestEvent,
  type RequestOptions,
  requestInit,
  ServerError,
  UnprocessableEntityError,
  unwrap,
  withResponse,
} from '../src/index.js';
import { type Handler, json, loopback } from './loopback.js';

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
  '/things': {
    post: {
      requestBody: { content: { 'application/json': { name: string } } };
      responses: {
        201: { content: { 'application/json': { id: string } } };
        default: { content: { 'application/json': unknown } };
      };
    };
  };
};

/** A tiny client shaped like the four real ones: every operation takes RequestOptions last. */
async function acme(handler: Handler, onRequest?: (e: RequestEvent) => void) {
  const server = await loopback(handler);
  close = server.close;
  const transport = createHttpFetch({
    provider: 'acme',
    userAgent: 'test/1',
    auth: headerAuth({ Authorization: 'Bearer sk_secret' }),
    initialRetryDelayMs: 1,
    maxRetryDelayMs: 2,
    ...(onRequest ? { onRequest } : {}),
  });
  const raw = createOpenApiClient<Paths>({ provider: 'acme', baseUrl: server.url, fetch: transport });
  return {
    server,
    getThing: (id: string, options?: RequestOptions) =>
      unwrap(
        'acme',
        'getThing',
        () => raw.GET('/things/{id}', { params: { path: { id } }, ...requestInit(transport, options) }),
        options,
      ),
    createThing: (name: string, options?: RequestOptions) =>
      unwrap(
        'acme',
        'createThing',
        () => raw.POST('/things', { body: { name }, ...requestInit(transport, options) }),
        options,
      ),
  };
}

describe('per-call RequestOptions', () => {
  it('a per-call timeoutMs shorter than the server delay gives ApiTimeoutError', async () => {
    // The client's default timeout is 60 s: only the per-call one can end this call.
    const { getThing } = await acme(() => undefined);
    const err = await getThing('a', { timeoutMs: 50, maxRetries: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiTimeoutError);
    expect((err as ApiTimeoutError).operation).toBe('getThing');
  });

  it('maxRetries: 0 makes exactly one request against a 503 server', async () => {
    const { server, getThing } = await acme((_req, res) => json(res, 503, { message: 'busy' }));
    await expect(getThing('a', { maxRetries: 0 })).rejects.toBeInstanceOf(ServerError);
    expect(server.count()).toBe(1);
  });

  it('without per-call options the client default (3 retries) still applies', async () => {
    const { server, getThing } = await acme((_req, res) => json(res, 503, { message: 'busy' }));
    await expect(getThing('a')).rejects.toBeInstanceOf(ServerError);
    expect(server.count()).toBe(4);
  });

  it('retries a POST with an idempotencyKey, every attempt carrying the same Idempotency-Key', async () => {
    const keys: unknown[] = [];
    const bodies: string[] = [];
    const { server, createThing } = await acme((req, res, n) => {
      keys.push(req.headers['idempotency-key']);
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        bodies.push(body);
        if (n < 3) json(res, 503, { message: 'busy' });
        else json(res, 201, { id: 't1' });
      });
    });
    await expect(createThing('x', { idempotencyKey: 'idem-42' })).resolves.toEqual({ id: 't1' });
    expect(server.count()).toBe(3);
    expect(keys).toEqual(['idem-42', 'idem-42', 'idem-42']);
    expect(bodies).toEqual(Array(3).fill('{"name":"x"}'));
  });

  it('never retries a plain POST (no idempotencyKey) against a 503', async () => {
    const keys: unknown[] = [];
    const { server, createThing } = await acme((req, res) => {
      keys.push(req.headers['idempotency-key']);
      json(res, 503, { message: 'busy' });
    });
    await expect(createThing('x')).rejects.toBeInstanceOf(ServerError);
    expect(server.count()).toBe(1);
    expect(keys).toEqual([undefined]);
  });

  it('sends per-call headers', async () => {
    const seen: unknown[] = [];
    const { getThing } = await acme((req, res) => {
      seen.push(req.headers['x-trace']);
      json(res, 200, { id: 'a' });
    });
    await getThing('a', { headers: { 'X-Trace': 't-1' } });
    expect(seen).toEqual(['t-1']);
  });

  it.each([
    [{ timeoutMs: 0 }, 'timeoutMs: expected a positive integer number of ms, received 0'],
    [{ maxRetries: -1 }, 'maxRetries: expected an integer >= 0, received -1'],
    [{ idempotencyKey: ' ' }, 'idempotencyKey: expected a non-empty string, received an empty value'],
  ] as const)('rejects bad per-call options %o before any request', async (options, message) => {
    const { server, getThing } = await acme((_req, res) => json(res, 200, { id: 'a' }));
    await expect(getThing('a', options)).rejects.toThrow(message);
    expect(server.count()).toBe(0);
  });
});

describe("the caller's abort", () => {
  it('rejects with ApiAbortError (not a connection error) carrying the reason, during an attempt', async () => {
    const ctrl = new AbortController();
    const { server, getThing } = await acme(() => {
      ctrl.abort(new Error('caller gave up'));
    });
    const err = await getThing('a', { signal: ctrl.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiAbortError);
    expect(err).not.toBeInstanceOf(ApiConnectionError);
    expect((err as ApiAbortError).operation).toBe('getThing');
    expect((err as Error).message).toContain('caller gave up');
    expect(((err as Error).cause as Error).message).toBe('caller gave up');
    expect(server.count()).toBe(1);
  });

  it('rejects with ApiAbortError when the abort comes during a backoff wait', async () => {
    const ctrl = new AbortController();
    const waits: number[] = [];
    const { server, getThing } = await acme(
      (_req, res) => json(res, 503, {}, { 'retry-after': '30' }),
      // Called once the 503 arrived, just before the 30 s backoff wait begins.
      (e) => {
        if (e.retryInMs !== undefined) {
          waits.push(e.retryInMs);
          ctrl.abort('stop');
        }
      },
    );
    const err = await getThing('a', { signal: ctrl.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiAbortError);
    expect((err as Error).cause).toBe('stop');
    expect(waits).toEqual([30_000]);
    expect(server.count()).toBe(1);
  });

  it('rejects with ApiAbortError and sends nothing when the signal is already aborted', async () => {
    const { server, getThing } = await acme((_req, res) => json(res, 200, { id: 'a' }));
    await expect(getThing('a', { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(ApiAbortError);
    expect(server.count()).toBe(0);
  });
});

describe('error classes by status', () => {
  it.each([
    [401, AuthenticationError, AuthenticationError],
    [403, PermissionDeniedError, AuthenticationError],
    [409, ConflictError, BadRequestError],
    [422, UnprocessableEntityError, BadRequestError],
    [400, BadRequestError, BadRequestError],
  ] as const)('%i → %o (an instance of %o) with redacted headers', async (status, Cls, Parent) => {
    const { getThing } = await acme((_req, res) =>
      json(
        res,
        status,
        { message: 'no' },
        {
          'x-request-id': 'req-9',
          'set-cookie': 'session=abc',
          'x-api-key': 'leak',
          'x-custom': 'kept',
        },
      ),
    );
    const err = await getThing('a', { maxRetries: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Cls);
    expect(err).toBeInstanceOf(Parent);
    expect((err as InstanceType<typeof Cls>).name).toBe(Cls.name);
    const { headers, requestId } = err as InstanceType<typeof Cls>;
    expect(requestId).toBe('req-9');
    expect(headers['x-custom']).toBe('kept');
    expect(headers['content-type']).toBe('application/json');
    expect(headers['set-cookie']).toBeUndefined();
    expect(headers['x-api-key']).toBeUndefined();
    expect(JSON.stringify(err)).not.toMatch(/session=abc|leak|sk_secret/);
  });
});

describe('withResponse', () => {
  it('returns data with status, request id and redacted headers', async () => {
    const { getThing } = await acme((_req, res) =>
      json(res, 200, { id: 'a' }, { 'x-request-id': 'req-1', 'set-cookie': 'sid=1', 'x-custom': 'v' }),
    );
    const result = await withResponse((o) => getThing('a', o));
    expect(result.data).toEqual({ id: 'a' });
    expect(result.status).toBe(200);
    expect(result.requestId).toBe('req-1');
    expect(result.headers['x-custom']).toBe('v');
    expect(result.headers['set-cookie']).toBeUndefined();
  });

  it('passes its options on (a 201 with an idempotency key)', async () => {
    const keys: unknown[] = [];
    const { createThing } = await acme((req, res) => {
      keys.push(req.headers['idempotency-key']);
      json(res, 201, { id: 't' }, { 'request-id': 'r-2' });
    });
    const result = await withResponse((o) => createThing('x', o), { idempotencyKey: 'k-1' });
    expect(result).toMatchObject({ data: { id: 't' }, status: 201, requestId: 'r-2' });
    expect(keys).toEqual(['k-1']);
  });

  it('says so when the callback does not pass its options', async () => {
    const { getThing } = await acme((_req, res) => json(res, 200, { id: 'a' }));
    await expect(withResponse(() => getThing('a'))).rejects.toThrow(
      'withResponse: expected the callback to pass its options to a client operation',
    );
  });
});
