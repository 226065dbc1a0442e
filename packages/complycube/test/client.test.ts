import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiConnectionError,
  ApiError,
  AuthenticationError,
  type ComplyCubeErrorBody,
  createComplyCubeClient,
  NotFoundError,
  PaginationError,
  PathParameterError,
  RateLimitError,
  VERSION,
  type WorkflowSession,
} from '../src/index.js';
import { type Reply, type SeenRequest, startLoopback } from './loopback.js';

const API_KEY = 'test_cc_secret_key_3f9a1c';
let handler: (req: SeenRequest) => Reply = () => ({ status: 500 });
let server: Awaited<ReturnType<typeof startLoopback>>;

beforeAll(async () => {
  server = await startLoopback((req) => handler(req));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const client = (extra: { maxRetries?: number } = {}) =>
  createComplyCubeClient({ baseUrl: `${server.url}/v1`, apiKey: API_KEY, initialRetryDelayMs: 1, ...extra });

const session = (id: string, overrides: Partial<WorkflowSession> = {}): WorkflowSession => ({
  id,
  clientId: 'client-1',
  status: 'complete',
  outcome: 'clear',
  createdAt: '2025-01-13T11:35:20.592Z',
  updatedAt: '2025-01-13T11:39:30.124Z',
  ...overrides,
});

/** A list endpoint over `all`, honouring page and pageSize; `claimPages` overrides the reported page count. */
const listOf =
  (all: WorkflowSession[], claimPages?: number) =>
  (req: SeenRequest): Reply => {
    const page = Number(req.url.searchParams.get('page') ?? '1');
    const pageSize = Number(req.url.searchParams.get('pageSize') ?? '100');
    const items = all.slice((page - 1) * pageSize, page * pageSize);
    const pages = claimPages ?? Math.ceil(all.length / pageSize);
    return { body: { page, pageSize, totalItems: all.length, pages, items } };
  };

describe('createComplyCubeClient', () => {
  it('sends the raw API key in Authorization (no Bearer), JSON Accept and the package User-Agent', async () => {
    handler = () => ({ body: session('wfs_1') });
    const got = await client().getWorkflowSession('wfs_1');
    expect(got.id).toBe('wfs_1');
    expect(server.requests).toHaveLength(1);
    const [req] = server.requests;
    expect(req?.method).toBe('GET');
    expect(req?.url.pathname).toBe('/v1/workflowSessions/wfs_1');
    expect(req?.headers.authorization).toBe(API_KEY);
    expect(req?.headers.accept).toBe('application/json');
    expect(req?.headers['user-agent']).toMatch(/^@idvkit\/complycube\/0\.1\.0 node\/v\d+/);
  });

  it('percent-encodes ids in the path, and refuses one with a slash before any request', async () => {
    handler = () => ({ body: session('urn:cc:1') });
    await client().getWorkflowSession('urn:cc:1');
    expect(server.requests[0]?.url.pathname).toBe('/v1/workflowSessions/urn%3Acc%3A1');
    await expect(client().getWorkflowSession('a/b')).rejects.toBeInstanceOf(PathParameterError);
    expect(server.requests).toHaveLength(1);
  });

  it('gets a check with its result', async () => {
    handler = () => ({
      body: {
        id: 'chk_1',
        type: 'document_check',
        status: 'complete',
        result: { outcome: 'clear', breakdown: { x: 1 } },
        createdAt: '2025-01-13T11:35:40.000Z',
      },
    });
    const check = await client().getCheck('chk_1');
    expect(server.requests[0]?.url.pathname).toBe('/v1/checks/chk_1');
    expect(check.result?.outcome).toBe('clear');
    expect(check.result?.breakdown).toEqual({ x: 1 });
  });

  it('rejects an empty apiKey, an empty id and a malformed baseUrl', async () => {
    expect(() => createComplyCubeClient({ apiKey: '' })).toThrow(TypeError);
    expect(() => createComplyCubeClient({ apiKey: API_KEY, baseUrl: 'not a url' })).toThrow(/baseUrl/);
    await expect(client().getCheck('')).rejects.toBeInstanceOf(PathParameterError);
    expect(server.requests).toHaveLength(0);
  });

  it('keeps VERSION equal to package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
  });
});

describe('listWorkflowSessions', () => {
  it('walks 3 pages and stops when page >= pages, passing filters on every request', async () => {
    const all = ['s1', 's2', 's3', 's4', 's5'].map((id) => session(id));
    handler = listOf(all);
    const ids: string[] = [];
    for await (const s of client().listWorkflowSessions({
      pageSize: 2,
      updatedAfter: '2025-01-01T00:00:00.000Z',
    })) {
      ids.push(s.id);
    }
    expect(ids).toEqual(['s1', 's2', 's3', 's4', 's5']);
    expect(server.requests.map((r) => r.url.searchParams.get('page'))).toEqual(['1', '2', '3']);
    for (const r of server.requests) {
      expect(r.url.searchParams.get('pageSize')).toBe('2');
      expect(r.url.searchParams.get('updatedAfter')).toBe('2025-01-01T00:00:00.000Z');
      expect(r.url.searchParams.has('createdAfter')).toBe(false);
    }
  });

  it('stops at an empty page even when the server claims more pages', async () => {
    const all = ['s1', 's2', 's3', 's4'].map((id) => session(id));
    handler = listOf(all, 10);
    const got = await client().listWorkflowSessions({ pageSize: 2 }).toArray();
    expect(got.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4']);
    expect(server.requests.map((r) => r.url.searchParams.get('page'))).toEqual(['1', '2', '3']);
  });

  it('starts at startPage', async () => {
    handler = listOf(['s1', 's2', 's3'].map((id) => session(id)));
    const got = await client().listWorkflowSessions({ pageSize: 1, startPage: 2 }).toArray();
    expect(got.map((s) => s.id)).toEqual(['s2', 's3']);
    expect(server.requests.map((r) => r.url.searchParams.get('page'))).toEqual(['2', '3']);
  });

  it('throws PaginationError when the server repeats the same page forever', async () => {
    handler = () => ({
      body: { page: 1, pageSize: 2, totalItems: 1000, pages: 500, items: [session('s1'), session('s2')] },
    });
    const seen: string[] = [];
    const walk = async () => {
      for await (const s of client().listWorkflowSessions({ pageSize: 2 })) seen.push(s.id);
    };
    await expect(walk()).rejects.toBeInstanceOf(PaginationError);
    expect(seen).toEqual(['s1', 's2']);
    expect(server.requests).toHaveLength(2);
  });

  it('throws PaginationError when the server serves two pages alternately, after 3 requests', async () => {
    handler = (req) => {
      const page = Number(req.url.searchParams.get('page'));
      const ids = page % 2 === 1 ? ['s1', 's2'] : ['s3', 's4'];
      return {
        body: { page, pageSize: 2, totalItems: 1000, pages: 500, items: ids.map((id) => session(id)) },
      };
    };
    const err = await client()
      .listWorkflowSessions({ pageSize: 2 })
      .toArray()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaginationError);
    expect((err as Error).message).toMatch(/page 3 .*repeats the 2 items of page 1/);
    expect(server.requests).toHaveLength(3);
  });

  it('throws PaginationError when the list keeps going past its own totalItems', async () => {
    // New items on every page, 500 pages claimed, but only 4 items in total.
    handler = (req) => {
      const page = Number(req.url.searchParams.get('page'));
      const items = [session(`p${page}a`), session(`p${page}b`)];
      return { body: { page, pageSize: 2, totalItems: 4, pages: 500, items } };
    };
    const err = await client()
      .listWorkflowSessions({ pageSize: 2 })
      .toArray()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaginationError);
    expect((err as Error).message).toMatch(/yielded 8 items, more than its own total \(at most 4\)/);
    expect(server.requests).toHaveLength(4);
  });
});

describe('errors', () => {
  it('throws NotFoundError with the parsed body, status, operation and request id', async () => {
    handler = () => ({
      status: 404,
      body: { type: 'resource_not_found', message: 'Workflow session not found' },
      headers: { 'x-request-id': 'req-cc-404' },
    });
    const err = await client()
      .getWorkflowSession('missing')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as NotFoundError;
    expect(e.status).toBe(404);
    expect(e.provider).toBe('complycube');
    expect(e.operation).toBe('getWorkflowSession');
    expect(e.requestId).toBe('req-cc-404');
    expect(e.method).toBe('GET');
    expect(e.url).toBe(`${server.url}/v1/workflowSessions/missing`);
    expect(e.body as ComplyCubeErrorBody).toEqual({
      type: 'resource_not_found',
      message: 'Workflow session not found',
    });
    expect(e.message).toContain('resource_not_found');
    expect(server.requests).toHaveLength(1);
  });

  it('throws RateLimitError for a 429 without retrying when maxRetries is 0', async () => {
    handler = () => ({ status: 429, body: { type: 'rate_limit_exceeded', message: 'Too many requests' } });
    const err = await client({ maxRetries: 0 })
      .getCheck('chk_1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).status).toBe(429);
    expect((err as RateLimitError).operation).toBe('getCheck');
    expect((err as RateLimitError).body).toMatchObject({ type: 'rate_limit_exceeded' });
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 429 and then succeeds when retries are allowed', async () => {
    let n = 0;
    handler = () =>
      ++n === 1 ? { status: 429, body: { type: 'rate_limit_exceeded' } } : { body: session('s1') };
    const got = await client({ maxRetries: 2 }).getWorkflowSession('s1');
    expect(got.id).toBe('s1');
    expect(server.requests).toHaveLength(2);
  });

  it('never puts the API key in an error message, String(err) or JSON.stringify(err)', async () => {
    handler = () => ({ status: 401, body: { type: 'unauthorized', message: 'The API key is invalid' } });
    const auth = await client({ maxRetries: 0 })
      .getWorkflowSession('s1')
      .catch((e: unknown) => e);
    expect(auth).toBeInstanceOf(AuthenticationError);

    handler = () => ({ status: 404, body: { type: 'resource_not_found', message: 'nope' } });
    const notFound = await client()
      .listWorkflowSessions()
      .toArray()
      .catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(NotFoundError);
    // The error's url never carries the query string (filters may hold personal data).
    expect((notFound as NotFoundError).url).toBe(`${server.url}/v1/workflowSessions`);

    const closed = await startLoopback(() => ({}));
    await closed.close();
    const connection = await createComplyCubeClient({ baseUrl: closed.url, apiKey: API_KEY, maxRetries: 0 })
      .getCheck('c1')
      .catch((e: unknown) => e);
    expect(connection).toBeInstanceOf(ApiConnectionError);

    for (const err of [auth, notFound, connection]) {
      const e = err as Error;
      expect(e.message).not.toContain(API_KEY);
      expect(String(e)).not.toContain(API_KEY);
      expect(JSON.stringify(e)).not.toContain(API_KEY);
      expect(e.stack ?? '').not.toContain(API_KEY);
    }
  });
});
