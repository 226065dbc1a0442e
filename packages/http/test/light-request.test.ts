import type { Middleware } from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { LightRequest } from '../src/fetch/light-request.js';
import { createOpenApiClient, requestInit } from '../src/index.js';

describe('LightRequest', () => {
  it('carries method, normalized URL, headers, redirect and a string body, read once', async () => {
    const r = new LightRequest('http://127.0.0.1:1/a b?x=1', {
      method: 'POST',
      headers: new Headers({ 'X-A': '1' }),
      body: '{"n":1}',
      redirect: 'manual',
    });
    expect(r).not.toBeInstanceOf(Request);
    expect([r.method, r.url, r.redirect]).toEqual(['POST', 'http://127.0.0.1:1/a%20b?x=1', 'manual']);
    expect(r.headers.get('x-a')).toBe('1');
    // As a real Request: a string body without a type is text/plain.
    expect(r.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(new TextDecoder().decode(await r.clone().arrayBuffer())).toBe('{"n":1}');
    expect(await r.text()).toBe('{"n":1}');
    expect(r.bodyUsed).toBe(true);
    await expect(r.arrayBuffer()).rejects.toThrow(TypeError);
  });

  it('without a signal, has one that never aborts; with one, has that one', () => {
    const none = new LightRequest('http://127.0.0.1:1/');
    expect(none.signal.aborted).toBe(false);
    expect(none.method).toBe('GET');
    const ctrl = new AbortController();
    expect(new LightRequest('http://127.0.0.1:1/', { signal: ctrl.signal }).signal).toBe(ctrl.signal);
  });

  it.each([
    ['a FormData body', { method: 'POST', body: new FormData() }],
    ['an init key it does not model', { cache: 'no-store' as const }],
    ['a method other than the usual ones', { method: 'PROPFIND' }],
  ])('is a real Request for %s (instanceof both)', (_name, init) => {
    const r = new LightRequest('http://127.0.0.1:1/x', init);
    expect(r).toBeInstanceOf(Request);
    expect(r).toBeInstanceOf(LightRequest);
  });

  it.each([
    ['an invalid URL', 'not a url', {}],
    ['a URL with credentials', 'http://u:p@127.0.0.1:1/', {}],
    ['a GET with a body', 'http://127.0.0.1:1/', { body: 'x' }],
    ['a forbidden method', 'http://127.0.0.1:1/', { method: 'TRACE' }],
  ])('throws as Request does for %s', (_name, url, init) => {
    expect(() => new LightRequest(url, init)).toThrow(TypeError);
  });
});

describe('createOpenApiClient: which Request a call gets', () => {
  type Paths = {
    '/x': {
      get: { responses: { 200: { content: { 'application/json': { ok: boolean } } } } };
    };
  };
  const setup = () => {
    const seen: unknown[] = [];
    const fetch = async (input: Request) => {
      seen.push(input);
      return new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } });
    };
    const raw = createOpenApiClient<Paths>({ provider: 'acme', baseUrl: 'http://127.0.0.1:1', fetch });
    return { seen, fetch, raw };
  };

  it('a light one when only idvkit sees it, a real one while a middleware is registered', async () => {
    const { seen, fetch, raw } = setup();
    expect((await raw.GET('/x')).data).toEqual({ ok: true });
    await raw.GET('/x', { ...requestInit(fetch, { timeoutMs: 1000 }) });
    const middlewareSaw: unknown[] = [];
    const middleware: Middleware = {
      onRequest({ request }) {
        middlewareSaw.push(request);
        return new Request(request, { headers: { 'x-from': 'middleware' } });
      },
    };
    raw.use(middleware);
    await raw.GET('/x');
    raw.eject(middleware);
    await raw.GET('/x');
    expect(seen.map((r) => r instanceof globalThis.Request)).toEqual([false, false, true, false]);
    expect(middlewareSaw[0]).toBeInstanceOf(globalThis.Request);
    expect((seen[2] as Request).headers.get('x-from')).toBe('middleware');
  });

  it("a real one for a per-call middleware or the caller's own fetch", async () => {
    const { seen, fetch, raw } = setup();
    await raw.GET('/x', { middleware: [{ onRequest: () => undefined }] });
    await raw.GET('/x', { fetch: (input: Request) => fetch(input) });
    expect(seen.map((r) => r instanceof globalThis.Request)).toEqual([true, true]);
  });
});
