import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiAbortError,
  ApiConnectionError,
  ApiTimeoutError,
  createHttpFetch,
  headerAuth,
  ResponseTooLargeError,
} from '../src/index.js';
import { json, loopback } from './loopback.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

// Without an injected fetch the client sends through undici's dispatcher; with one, through that fetch. Both
// must behave the same: the same requests, retries, timeouts, aborts, redirects, decoding and body cap.
const transports = [
  { name: 'dispatcher (default)', fetch: undefined },
  { name: 'injected fetch', fetch: ((input, init) => fetch(input, init)) as typeof fetch },
];

describe.each(transports)('transport: $name', ({ fetch: injected }) => {
  const make = (opts: Partial<Parameters<typeof createHttpFetch>[0]> = {}) =>
    createHttpFetch({
      provider: 'acme',
      userAgent: 'test/1',
      initialRetryDelayMs: 1,
      maxRetryDelayMs: 2,
      ...(injected ? { fetch: injected } : {}),
      ...opts,
    });

  it('sends method, headers, auth and body, and hands back status, headers and body', async () => {
    const seen: Array<{ method?: string; url?: string; key?: string; ua?: string; body: string }> = [];
    const server = await loopback((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push({
          method: req.method,
          url: req.url,
          key: req.headers['x-api-key'] as string,
          ua: req.headers['user-agent'],
          body,
        });
        json(res, 201, { ok: true }, { 'x-request-id': 'r1', 'set-cookie': 'a=1' });
      });
    });
    close = server.close;
    const http = make({ auth: headerAuth({ 'X-API-Key': 'k1' }) });
    const res = await http(new Request(`${server.url}/v1/x?a=1`, { method: 'POST', body: '{"n":1}' }));
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe('r1');
    expect(await res.json()).toEqual({ ok: true });
    expect(seen).toEqual([{ method: 'POST', url: '/v1/x?a=1', key: 'k1', ua: 'test/1', body: '{"n":1}' }]);
  });

  it('retries a 503 and a dropped connection, then succeeds', async () => {
    const server = await loopback((req, res, n) => {
      if (n === 1) return json(res, 503, {});
      if (n === 2) return req.socket.destroy();
      json(res, 200, { n });
    });
    close = server.close;
    const events: string[] = [];
    const http = make({ onRequest: (e) => events.push(`${e.status ?? e.error}`) });
    const res = await http(new Request(`${server.url}/x`));
    expect(await res.json()).toEqual({ n: 3 });
    expect(server.count()).toBe(3);
    expect(events[0]).toBe('503');
    expect(events[2]).toBe('200');
  });

  it('fails with ApiConnectionError naming the network error when nothing listens', async () => {
    const server = await loopback(() => undefined);
    const url = server.url;
    await server.close();
    const http = make({ maxRetries: 0 });
    const err = await http(new Request(`${url}/x`)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiConnectionError);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('times out an attempt whose headers or body never come, and retries it', async () => {
    const server = await loopback((_req, res, n) => {
      if (n === 1) return; // no answer
      if (n === 2) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"par'); // a body that hangs
        return;
      }
      json(res, 200, { n });
    });
    close = server.close;
    const http = make({ timeoutMs: 150 });
    const res = await http(new Request(`${server.url}/x`));
    expect(await res.json()).toEqual({ n: 3 });
    const silent = await loopback(() => undefined);
    const http2 = make({ timeoutMs: 80, maxRetries: 1 });
    const err = await http2(new Request(`${silent.url}/x`)).catch((e: unknown) => e);
    await silent.close();
    expect(err).toBeInstanceOf(ApiTimeoutError);
    expect(silent.count()).toBe(2);
  });

  it("stops at once with ApiAbortError when the caller's signal aborts mid-attempt", async () => {
    const server = await loopback(() => undefined);
    close = server.close;
    const ctrl = new AbortController();
    const p = make()(new Request(`${server.url}/x`, { signal: ctrl.signal }));
    setTimeout(() => ctrl.abort(new Error('caller gave up')), 30);
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiAbortError);
    expect(server.count()).toBe(1);
  });

  it('follows redirects by default and not with redirect: manual', async () => {
    const server = await loopback((req, res) => {
      if (req.url === '/old') {
        res.writeHead(302, { location: '/new' });
        return res.end();
      }
      json(res, 200, { at: req.url });
    });
    close = server.close;
    const http = make();
    expect(await (await http(new Request(`${server.url}/old`))).json()).toEqual({ at: '/new' });
    const manual = await http(new Request(`${server.url}/old`, { redirect: 'manual' }));
    expect(manual.status).toBe(302);
    expect(manual.headers.get('location')).toBe('/new');
    expect(server.count()).toBe(3);
  });

  it('turns a POST into a GET without body on 303, keeps method and body on 307', async () => {
    const seen: string[] = [];
    const server = await loopback((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${req.headers['content-type'] ?? '-'} ${body || '-'}`);
        if (req.url === '/see-other') {
          res.writeHead(303, { location: '/result' });
          return res.end('ignored');
        }
        if (req.url === '/temporary') {
          res.writeHead(307, { location: '/again' });
          return res.end();
        }
        json(res, 200, { at: req.url });
      });
    });
    close = server.close;
    const http = make({ retryMethods: ['GET', 'POST'] });
    const post = (path: string) =>
      new Request(`${server.url}${path}`, {
        method: 'POST',
        body: '{"n":1}',
        headers: { 'content-type': 'application/json' },
      });
    expect(await (await http(post('/see-other'))).json()).toEqual({ at: '/result' });
    expect(await (await http(post('/temporary'))).json()).toEqual({ at: '/again' });
    expect(seen).toEqual([
      'POST /see-other application/json {"n":1}',
      'GET /result - -',
      'POST /temporary application/json {"n":1}',
      'POST /again application/json {"n":1}',
    ]);
  });

  it('drops Authorization on a redirect to another origin, keeps it on the same origin', async () => {
    const other = await loopback((req, res) => json(res, 200, { auth: req.headers.authorization ?? null }));
    const server = await loopback((req, res) => {
      if (req.url === '/away') {
        res.writeHead(302, { location: `${other.url}/there` });
        return res.end();
      }
      if (req.url === '/near') {
        res.writeHead(301, { location: '/here' });
        return res.end();
      }
      json(res, 200, { auth: req.headers.authorization ?? null });
    });
    close = async () => {
      await server.close();
      await other.close();
    };
    const http = make({ auth: headerAuth({ Authorization: 'Bearer t' }) });
    expect(await (await http(new Request(`${server.url}/away`))).json()).toEqual({ auth: null });
    expect(await (await http(new Request(`${server.url}/near`))).json()).toEqual({ auth: 'Bearer t' });
    expect([server.count(), other.count()]).toEqual([3, 1]);
  });

  it('decodes a gzip body, and applies the cap to the decoded size', async () => {
    const big = JSON.stringify({ s: 'x'.repeat(5_000) });
    const server = await loopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(big));
    });
    close = server.close;
    expect(await (await make()(new Request(`${server.url}/x`))).text()).toBe(big);
    const err = await make({ maxResponseBytes: 1_000 })(new Request(`${server.url}/x`)).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect((err as ResponseTooLargeError).status).toBe(200);
  });

  it('answers 204 with no body', async () => {
    const server = await loopback((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    close = server.close;
    const res = await make()(new Request(`${server.url}/x`, { method: 'DELETE' }));
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });
});
