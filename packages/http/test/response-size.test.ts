import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHttpFetch,
  createOpenApiClient,
  type RequestEvent,
  ResponseTooLargeError,
  unwrap,
} from '../src/index.js';
import { json, loopback } from './loopback.js';

const MiB = 1024 * 1024;
/** Hard bounds of the endless server, so a test of an unfixed client still ends. */
const SAFETY_BYTES = 128 * MiB;
const SAFETY_MS = 20_000;
/** What the kernel's loopback socket buffers may hold beyond what the client read (send + receive side). */
const SOCKET_SLACK = 8 * MiB;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

type Paths = {
  '/things/{id}': {
    get: {
      parameters: { path: { id: string } };
      responses: { 200: { content: { 'application/json': { id: string } } } };
    };
  };
};

/** A server whose every response is a JSON body that never ends: it writes until the client goes away. */
async function endlessServer(headers: Record<string, string> = {}) {
  let written = 0;
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const server = await loopback((_req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now();
    let gone = false;
    res.on('close', () => {
      gone = true;
      resolveClosed();
    });
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.write('{"items":[');
    // Whitespace: valid JSON that an unfixed client can still parse cheaply once the safety bound ends it.
    const chunk = Buffer.alloc(64 * 1024, ' ');
    const pump = () => {
      while (!gone) {
        if (written >= SAFETY_BYTES || Date.now() - started > SAFETY_MS) {
          res.end(']}');
          return;
        }
        written += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
  close = server.close;
  return { ...server, written: () => written, closed };
}

function thingClient(baseUrl: string, opts: Partial<Parameters<typeof createHttpFetch>[0]> = {}) {
  const events: RequestEvent[] = [];
  const http = createHttpFetch({
    provider: 'acme',
    userAgent: 't',
    initialRetryDelayMs: 1,
    maxRetryDelayMs: 2,
    onRequest: (e) => events.push(e),
    ...opts,
  });
  const raw = createOpenApiClient<Paths>({ provider: 'acme', baseUrl, fetch: http });
  const get = (id: string) =>
    unwrap('acme', 'getThing', () => raw.GET('/things/{id}', { params: { path: { id } } }));
  return { http, get, events };
}

describe('response body cap (maxResponseBytes)', () => {
  it('an endless body fails after one request at the cap, with the operation, and releases the socket', async () => {
    const server = await endlessServer();
    const limit = 1 * MiB;
    const { get, events } = thingClient(server.url, { maxResponseBytes: limit, maxRetries: 3 });
    const err = await get('a').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect(err).toMatchObject({
      provider: 'acme',
      operation: 'getThing',
      method: 'GET',
      url: `${server.url}/things/a`,
      status: 200,
      limitBytes: limit,
      contentLength: undefined,
    });
    expect((err as Error).message).toBe(
      `acme getThing: GET ${server.url}/things/a: response body too large: expected at most ${limit} bytes (maxResponseBytes), received more`,
    );
    // Not retried, and the server saw the client go away soon after the cap instead of draining the body.
    await server.closed;
    expect(server.count()).toBe(1);
    expect(server.written()).toBeGreaterThan(limit);
    expect(server.written()).toBeLessThan(limit + SOCKET_SLACK);
    expect(events).toEqual([expect.objectContaining({ status: 200, error: 'response body too large' })]);
  });

  it('the default cap is 32 MiB', async () => {
    const server = await endlessServer();
    const { get } = thingClient(server.url);
    const err = await get('a').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect((err as ResponseTooLargeError).limitBytes).toBe(33_554_432);
    await server.closed;
    expect(server.count()).toBe(1);
    expect(server.written()).toBeLessThan(32 * MiB + SOCKET_SLACK);
  });

  it('a Content-Length over the cap fails at once, before any of the body is read', async () => {
    let resolveClosed: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => {
      resolveClosed = resolve;
    });
    // Headers only: the body never comes, so a client that waited for it would time out instead.
    const server = await loopback((_req, res) => {
      res.on('close', () => resolveClosed());
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(64 * MiB) });
      res.flushHeaders();
    });
    close = server.close;
    const { get } = thingClient(server.url, { maxResponseBytes: MiB, maxRetries: 2, timeoutMs: 5_000 });
    const err = await get('big').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect(err).toMatchObject({ operation: 'getThing', limitBytes: MiB, contentLength: 64 * MiB });
    expect((err as Error).message).toMatch(
      /response body too large: expected at most 1048576 bytes \(maxResponseBytes\), received a Content-Length of 67108864$/,
    );
    await closed;
    expect(server.count()).toBe(1);
  });

  it.each([
    ['exactly the cap', 0, 'ok'],
    ['one byte over the cap', 1, 'too large'],
  ] as const)('a body of %s: %s', async (_name, extra, want) => {
    const limit = 4096;
    const filler = 'x'.repeat(limit - JSON.stringify({ id: '' }).length + extra);
    const chunked = await loopback((_req, res) => {
      // No Content-Length: the streamed count decides.
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      res.end(JSON.stringify({ id: filler }));
    });
    close = chunked.close;
    const { get } = thingClient(chunked.url, { maxResponseBytes: limit });
    const result = await get('a').then(
      (r) => (r.id === filler ? 'ok' : 'wrong body'),
      (e: unknown) => (e instanceof ResponseTooLargeError ? 'too large' : String(e)),
    );
    expect(result).toBe(want);
    expect(chunked.count()).toBe(1);
  });

  it('leaves ordinary bodies alone and refuses a cap that is not a positive integer', async () => {
    const server = await loopback((_req, res) => json(res, 200, { id: 'a' }));
    close = server.close;
    await expect(thingClient(server.url).get('a')).resolves.toEqual({ id: 'a' });
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => createHttpFetch({ provider: 'acme', userAgent: 't', maxResponseBytes: bad })).toThrow(
        /^maxResponseBytes: expected a positive integer number of bytes, received /,
      );
    }
  });
});
